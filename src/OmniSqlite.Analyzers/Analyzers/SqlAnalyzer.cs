using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// The one SQL analyzer: finds every place SQL goes to SQLite and reports OSQL010-OSQL014 (and the [Query] rules) from
    /// one <see cref="SqlCompilationState"/> built per compilation. Bails out when Microsoft.Data.Sqlite is not referenced;
    /// skips generated code; runs concurrently.
    /// </summary>
    /// <remarks>
    /// Extension point for the [Query] method rules (OSQL020-OSQL025): implement the partial methods
    /// <see cref="AddQueryMethodDescriptors"/> and <see cref="AnalyzeQueryMethod"/> in another file of this partial class.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed partial class SqlAnalyzer : DiagnosticAnalyzer
    {
        internal const string ReportUnknownTablesOption = "omnisqlite.report_unknown_tables";
        internal const string QueryAttributeName = "OmniSqlite.QueryAttribute";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = CreateSupportedDiagnostics();

        private static ImmutableArray<DiagnosticDescriptor> CreateSupportedDiagnostics()
        {
            var builder = ImmutableArray.CreateBuilder<DiagnosticDescriptor>();
            builder.Add(Descriptors.UnindexedColumn);
            builder.Add(Descriptors.IndexDefeated);
            builder.Add(Descriptors.UnindexedOrderBy);
            builder.Add(Descriptors.UnknownSchemaName);
            builder.Add(Descriptors.SqlInjection);
            builder.Add(Descriptors.UpdateWithoutWhere);
            builder.Add(Descriptors.InsertWithoutColumnList);
            builder.Add(Descriptors.InsertValueCountMismatch);
            builder.Add(Descriptors.NullComparison);
            builder.Add(Descriptors.DoubleQuotedStringLiteral);
            builder.Add(Descriptors.UnindexedForeignKey);
            builder.Add(Descriptors.SqlAnalysisFailed);
            AddQueryMethodDescriptors(builder);
            return builder.ToImmutable();
        }

        /// <summary>Adds the descriptors of the [Query] method rules (implemented with those rules).</summary>
        static partial void AddQueryMethodDescriptors(ImmutableArray<DiagnosticDescriptor>.Builder descriptors);

        /// <summary>
        /// Called once for each method carrying <c>OmniSqlite.QueryAttribute</c>, after OSQL010-OSQL013 have checked its SQL.
        /// <paramref name="site"/> holds the attribute's SQL (null text when it is not a constant string) and maps SQL spans
        /// to source; report through <paramref name="context"/>.
        /// </summary>
        static partial void AnalyzeQueryMethod(SyntaxNodeAnalysisContext context, IMethodSymbol method, AttributeData query, SqlSite site, SqlCompilationState state);

        public override void Initialize(AnalysisContext context)
        {
            // Generated code is not analysed at all: asking for it makes Roslyn build operation trees for every generated
            // repository body (most of a project's code when it has many entities) only to skip them. [Query] methods are
            // found on their declarations in user code instead of as symbols (whose implementation part is generated).
            // ReportDiagnostics without Analyze: generated code is still not analysed, and Roslyn need not check whether each
            // diagnostic's location is generated code (a walk over every token of each file that gets one) only to keep it:
            // every location this analyzer reports is inside the user code it analysed.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var state = SqlCompilationState.Create(start.Compilation, start.Options, start.CancellationToken);
                if (state is null) return;
                // Only blocks whose text names a way for SQL to reach SQLite are bound (CodeBlockOperations says why).
                var filter = new BlockFilter(StringComparison.Ordinal);
                start.RegisterCodeBlockAction(block =>
                {
                    // The whole block, signature included: `SqliteCommand ByStatus(...) => new("SELECT ...", connection)` names
                    // its command only in the return type.
                    if (!filter.Mentions(block.CodeBlock, state.Sinks.Words(block.Options, block.CodeBlock.SyntaxTree), block.CancellationToken)) return;
                    foreach (var operation in CodeBlockOperations.All(block))
                    {
                        if (operation.Kind is not (OperationKind.SimpleAssignment or OperationKind.ObjectCreation or OperationKind.Invocation)) continue;
                        AnalyzeDapperParameters(operation, state, block.ReportDiagnostic);
                        var site = SqlSite.From(operation, state, block.Options);
                        if (site is null) continue;
                        if (site.Text is null) SqlInjectionRule.Analyze(site, block.ReportDiagnostic);
                        else ReportFindings(site, state, block.Options, block.ReportDiagnostic, block.CancellationToken);
                    }
                });

                var queryAttribute = start.Compilation.GetTypeByMetadataName(QueryAttributeName);
                if (queryAttribute != null)
                    start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, queryAttribute, state), SyntaxKind.MethodDeclaration);
            });
        }

        private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, INamedTypeSymbol queryAttribute, SqlCompilationState state)
        {
            var declaration = (MethodDeclarationSyntax)context.Node;
            if (declaration.AttributeLists.Count == 0) return;
            if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } method) return;
            if (method.PartialDefinitionPart != null) return; // an implementation part written by hand: seen on its definition
            foreach (var attribute in method.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, queryAttribute)) continue;
                if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax syntax) continue;
                var argument = syntax.ArgumentList is { Arguments.Count: > 0 } list ? list.Arguments[0].Expression : null;
                string? sql = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
                var site = new SqlSite(null, (SyntaxNode?)argument ?? syntax, sql);
                if (sql != null) ReportFindings(site, state, context.Options, context.ReportDiagnostic, context.CancellationToken);
                AnalyzeQueryMethod(context, method, attribute, site, state);
            }
        }

        /// <summary>OSQL010-OSQL013 for one constant SQL text, from the shared analysis of that text.</summary>
        private static void ReportFindings(SqlSite site, SqlCompilationState state, AnalyzerOptions options, Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
        {
            var sql = site.Text;
            if (sql is null || sql.Length == 0) return;
            bool unknownTables = ReadBoolOption(options, site.Syntax.SyntaxTree, ReportUnknownTablesOption);
            foreach (var finding in state.Analyze(sql, unknownTables, cancellationToken))
            {
                var location = site.MapSpan(sql, finding.Start, finding.Length);
                switch (finding.Kind)
                {
                    case SqlFindingKind.UnindexedColumn:
                        report(Diagnostic.Create(Descriptors.UnindexedColumn, location, Properties(finding, state),
                            finding.QualifiedColumns, finding.Clause, finding.Table, string.Join(", ", finding.Columns.Items)));
                        break;
                    case SqlFindingKind.IndexDefeated:
                        report(Diagnostic.Create(Descriptors.IndexDefeated, location, finding.Table, finding.Columns[0], finding.Detail));
                        break;
                    case SqlFindingKind.UnindexedOrderBy:
                        report(Diagnostic.Create(Descriptors.UnindexedOrderBy, location, Properties(finding, state), finding.QualifiedColumns));
                        break;
                    case SqlFindingKind.UnknownColumn:
                        report(Diagnostic.Create(Descriptors.UnknownSchemaName, location,
                            "Column", finding.Columns[0], finding.Table.Length > 0 ? " (table " + finding.Table + ")" : ""));
                        break;
                    case SqlFindingKind.UnknownTable:
                        report(Diagnostic.Create(Descriptors.UnknownSchemaName, location, "Table", finding.Table, ""));
                        break;
                    case SqlFindingKind.UpdateWithoutWhere:
                        report(Diagnostic.Create(Descriptors.UpdateWithoutWhere, location, finding.Detail, finding.Table));
                        break;
                    case SqlFindingKind.InsertWithoutColumns:
                        report(Diagnostic.Create(Descriptors.InsertWithoutColumnList, location, ColumnListFix(finding.Columns.Items), finding.Table,
                            finding.Columns.Length > 0 ? " (" + string.Join(", ", finding.Columns.Items) + ")" : ""));
                        break;
                    case SqlFindingKind.ValueCountMismatch:
                        report(Diagnostic.Create(Descriptors.InsertValueCountMismatch, location, finding.Table,
                            finding.Columns.Length, string.Join(", ", finding.Columns.Items), finding.Detail));
                        break;
                    case SqlFindingKind.NullComparison:
                        report(Diagnostic.Create(Descriptors.NullComparison, location,
                            finding.Clause.Length == 0 ? ImmutableDictionary<string, string?>.Empty.Add("Replacement", finding.Detail == "=" ? "IS NULL" : "IS NOT NULL") : null,
                            finding.Detail, finding.Detail == "=" ? "IS NULL" : "IS NOT NULL"));
                        break;
                    case SqlFindingKind.DoubleQuotedString:
                        report(Diagnostic.Create(Descriptors.DoubleQuotedStringLiteral, location,
                            ImmutableDictionary<string, string?>.Empty.Add("Replacement", "'" + finding.Columns[0].Replace("'", "''") + "'"),
                            finding.Columns[0], finding.Table.Length > 0 ? " of " + finding.Table : ""));
                        break;
                    case SqlFindingKind.UnindexedForeignKey:
                        report(Diagnostic.Create(Descriptors.UnindexedForeignKey, location, finding.Table, string.Join(", ", finding.Columns.Items), finding.Detail));
                        break;
                    case SqlFindingKind.InternalError:
                        report(Diagnostic.Create(Descriptors.SqlAnalysisFailed, location, finding.Detail));
                        break;
                }
            }
        }

        /// <summary>
        /// OSQL016's fix: the table's columns in their declared order, which is what a list-less INSERT binds to, so naming
        /// them keeps the statement's meaning. Offered only for plain names (no quoting to get right inside a C# literal).
        /// </summary>
        private static ImmutableDictionary<string, string?>? ColumnListFix(IReadOnlyList<string> columns)
        {
            if (columns.Count == 0) return null;
            foreach (var column in columns)
            {
                if (column.Length == 0 || !(char.IsLetter(column[0]) || column[0] == '_')) return null;
                foreach (var c in column)
                    if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return null;
            }
            return ImmutableDictionary<string, string?>.Empty.Add("Insert", " (" + string.Join(", ", columns) + ")");
        }

        internal static bool ReadBoolOption(AnalyzerOptions options, SyntaxTree tree, string key)
        {
            var values = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            return values.TryGetValue(key, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>What the add-index fix needs: the table, the columns, and (for an entity) its type and members.</summary>
        private static ImmutableDictionary<string, string?> Properties(SqlFinding finding, SqlCompilationState state)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder["Table"] = finding.Table;
            builder["Columns"] = string.Join(",", finding.Columns.Items);
            var table = state.Schema.FindTable(finding.Table);
            if (table?.EntityTypeName != null)
            {
                var members = new List<string>();
                foreach (var column in finding.Columns)
                {
                    var member = table.FindColumn(column)?.MemberName;
                    if (member is null) return builder.ToImmutable();
                    members.Add(member);
                }
                builder["EntityType"] = table.EntityTypeName;
                builder["Members"] = string.Join(",", members);
            }
            return builder.ToImmutable();
        }
    }
}
