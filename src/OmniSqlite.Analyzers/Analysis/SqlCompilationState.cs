using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>
    /// What the SQL rules know about one compilation, built once in the analyzer's compilation-start action and shared by
    /// every SQL rule: the ADO.NET types, the schema (entities + CREATE statements in string literals + .sql AdditionalFiles),
    /// and analysis results per SQL text. No static cache and no lock: the state lives as long as the compilation's analysis.
    /// </summary>
    internal sealed class SqlCompilationState
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<(string Sql, bool UnknownTables), IReadOnlyList<SqlFinding>> _findings
            = new ConcurrentDictionary<(string, bool), IReadOnlyList<SqlFinding>>();

        private SqlCompilationState(Compilation compilation, SqlTypes types, SchemaModel schema)
        {
            _compilation = compilation;
            Types = types;
            Schema = schema;
        }

        public Compilation Compilation => _compilation;

        public SqlTypes Types { get; }

        /// <summary>The schema the SQL is checked against (this compilation's entities and CREATE statements).</summary>
        public SchemaModel Schema { get; }

        /// <summary>The state for this compilation, or null when Microsoft.Data.Sqlite is not referenced (the rules stay silent).</summary>
        public static SqlCompilationState? Create(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var types = SqlTypes.Create(compilation);
            if (types is null) return null;
            return new SqlCompilationState(compilation, types, BuildSchema(compilation, options.AdditionalFiles, cancellationToken));
        }

        public IReadOnlyList<SqlFinding> Analyze(string sql, bool reportUnknownTables, CancellationToken cancellationToken)
            => _findings.GetOrAdd((sql, reportUnknownTables), key => SqlQueryAnalysis.Analyze(key.Sql, Schema, new SqlAnalysisOptions(key.UnknownTables)));

        private static SchemaModel BuildSchema(Compilation compilation, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        {
            var builder = new SchemaBuilder();
            // 1. Entity classes in source, named by the assembly's convention (what the generator creates).
            AssemblySettings? settings = null;
            foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace, cancellationToken))
            {
                try
                {
                    if (!EntityParser.IsEntity(type)) continue;
                    var parsed = EntityParser.Parse(type, cancellationToken);
                    if (parsed.Entity is null) continue;
                    settings ??= Naming.ReadSettings(compilation);
                    builder.AddEntity(Naming.Resolve(parsed.Entity, settings), parsed.Locations?.Type);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An entity the generator cannot read is reported by the generator; here it only contributes nothing.
                }
            }
            // 2. CREATE TABLE / CREATE INDEX in string literals: a text search per file, then only the tokens at the hits.
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var text in CreateStatementLiterals(tree, cancellationToken))
                    builder.AddSql(text.Value, LocationInfo.From(text.Location));
            }
            // 3. .sql files passed as AdditionalFiles.
            foreach (var file in additionalFiles)
            {
                if (!file.Path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase)) continue;
                var text = file.GetText(cancellationToken)?.ToString();
                builder.AddSql(text, null);
            }
            return builder.Build();
        }

        /// <summary>
        /// The string literals of a file that contain "CREATE", found by searching the file's text and looking only at the
        /// token at each hit (no walk over every token of every file).
        /// </summary>
        private static IEnumerable<(string Value, Location Location)> CreateStatementLiterals(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var source = tree.GetText(cancellationToken).ToString();
            SyntaxNode? root = null;
            int lastTokenEnd = -1;
            for (int hit = source.IndexOf("CREATE", StringComparison.OrdinalIgnoreCase); hit >= 0;
                 hit = source.IndexOf("CREATE", Math.Max(hit + 6, lastTokenEnd), StringComparison.OrdinalIgnoreCase))
            {
                root ??= tree.GetRoot(cancellationToken);
                var token = root.FindToken(hit, findInsideTrivia: false);
                lastTokenEnd = token.Span.End;
                if (!token.Span.Contains(hit)) continue; // in a comment or other trivia
                if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                    || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                    yield return (token.ValueText, token.GetLocation());
            }
        }

        private static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns, CancellationToken cancellationToken)
        {
            var stack = new Stack<INamespaceOrTypeSymbol>();
            stack.Push(ns);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var current = stack.Pop();
                foreach (var member in current.GetMembers())
                {
                    if (member is INamespaceSymbol child) stack.Push(child);
                    else if (member is INamedTypeSymbol type && type.Locations.Length > 0 && type.Locations[0].IsInSource)
                    {
                        yield return type;
                        stack.Push(type);
                    }
                }
            }
        }
    }

    /// <summary>The ADO.NET types the SQL rules look for, resolved once per compilation.</summary>
    internal sealed class SqlTypes
    {
        public INamedTypeSymbol SqliteCommand { get; private set; } = null!;
        public INamedTypeSymbol? DbCommand { get; private set; }
        public INamedTypeSymbol? IDbCommand { get; private set; }
        public INamedTypeSymbol? DbConnection { get; private set; }
        public INamedTypeSymbol? IDbConnection { get; private set; }

        public static SqlTypes? Create(Compilation compilation)
        {
            var sqlite = compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteCommand");
            if (sqlite is null) return null;
            return new SqlTypes
            {
                SqliteCommand = sqlite,
                DbCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbCommand"),
                IDbCommand = compilation.GetTypeByMetadataName("System.Data.IDbCommand"),
                DbConnection = compilation.GetTypeByMetadataName("System.Data.Common.DbConnection"),
                IDbConnection = compilation.GetTypeByMetadataName("System.Data.IDbConnection"),
            };
        }

        public bool IsCommand(ITypeSymbol? type) => Is(type, SqliteCommand) || Is(type, DbCommand) || Is(type, IDbCommand);

        public bool IsConnection(ITypeSymbol? type) => Is(type, DbConnection) || Is(type, IDbConnection);

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? target)
        {
            if (type is null || target is null) return false;
            for (var t = type; t != null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, target)) return true;
            if (target.TypeKind == TypeKind.Interface)
                foreach (var i in type.AllInterfaces)
                    if (SymbolEqualityComparer.Default.Equals(i, target)) return true;
            return false;
        }
    }
}
