using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL002: a PRAGMA in SQL text that trades durability or safety away (synchronous=OFF or 0,
    /// journal_mode=OFF or MEMORY, and locking_mode=EXCLUSIVE when <c>omnisqlite.report_exclusive_locking_mode</c>
    /// is true), and the same values given to an OmniSqlite API (<c>SqliteSynchronous.Off</c>,
    /// <c>SqliteJournalMode.Off</c>/<c>Memory</c> in a SqliteProfile initializer, <c>with</c> or <c>With...</c> call).
    /// Text is reported once, where it is written (the whole concatenation or interpolation when it is folded).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnsafePragmaAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the pragma name (journal_mode, synchronous, locking_mode).</summary>
        public const string PragmaProperty = "Pragma";

        /// <summary>Diagnostic property: the safe value (WAL/NORMAL for text, Wal/Normal for an enum member) the fix writes.</summary>
        public const string SafeValueProperty = "SafeValue";

        /// <summary>Diagnostic property, "true" when the reported node is the bare value (<c>WithPragma("synchronous", "off")</c>).</summary>
        public const string ValueOnlyProperty = "ValueOnly";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnsafePragma);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (start.Compilation.GetTypeByMetadataName(SqliteNames.SqliteConnection) is null) return;
                // Only blocks whose text names a PRAGMA, a profile setting or a constant holding one are bound
                // (CodeBlockOperations says why). Found here, once: a lazy value that the first code blocks race to build was
                // built by each of the compiler's threads at once.
                string[] words = CodeBlockOperations.WithConstantsMentioning(start.Compilation, s_words, System.StringComparison.OrdinalIgnoreCase, start.CancellationToken);
                var filter = new BlockFilter(System.StringComparison.OrdinalIgnoreCase);
                start.RegisterCodeBlockAction(block =>
                {
                    if (!filter.Mentions(block.CodeBlock, words, block.CancellationToken)) return;
                    foreach (IOperation operation in CodeBlockOperations.All(block))
                    {
                        var site = new OperationSite(operation, block.Options, block.ReportDiagnostic);
                        switch (operation.Kind)
                        {
                            case OperationKind.Literal or OperationKind.Binary or OperationKind.InterpolatedString:
                                AnalyzeText(site);
                                break;
                            case OperationKind.FieldReference:
                                AnalyzeEnumValue(site);
                                break;
                            case OperationKind.Invocation:
                                AnalyzeWithPragma(site);
                                break;
                        }
                    }
                });
            });
        }

        // "pragma" (SQL text, WithPragma) and the profile's enums (SqliteSynchronous, SqliteJournalMode, SqliteLockingMode).
        private static readonly string[] s_words = { "pragma", "synchronous", "journal", "locking" };

        /// <summary>One operation of a bound block, with what a rule needs to report on it.</summary>
        private readonly struct OperationSite
        {
            private readonly System.Action<Diagnostic> _report;

            public OperationSite(IOperation operation, AnalyzerOptions options, System.Action<Diagnostic> report)
            {
                Operation = operation;
                Options = options;
                _report = report;
            }

            public IOperation Operation { get; }

            public AnalyzerOptions Options { get; }

            public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
        }

        private static void AnalyzeText(OperationSite context)
        {
            IOperation operation = context.Operation;
            if (operation.Type?.SpecialType != SpecialType.System_String) return;
            // A constant is its own only part: without "pragma" in it there is nothing to fold (most string literals).
            if (operation.ConstantValue is { HasValue: true, Value: string constant }
                && constant.IndexOf("pragma", System.StringComparison.OrdinalIgnoreCase) < 0) return;
            // Only the top of a string expression is read (once, in linear time); its largest constant parts are the texts.
            if (ConstantText.IsPieceOfStringExpression(operation)) return;
            foreach (var (part, text) in ConstantText.MaximalConstantParts(operation))
                AnalyzePragmaText(context, part, text);
        }

        private static void AnalyzePragmaText(OperationSite context, IOperation operation, string text)
        {
            if (text.IndexOf("pragma", System.StringComparison.OrdinalIgnoreCase) < 0) return;
            bool exclusive = OmniSqliteOptions.GetReportExclusiveLocking(context.Options, operation.Syntax.SyntaxTree);
            foreach (PragmaSetting setting in PragmaScanner.FindUnsafe(text, exclusive))
            {
                string safe = PragmaScanner.SafeReplacement(setting.Name, setting.Value, exclusive)!;
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(PragmaProperty, setting.Name)
                    .Add(SafeValueProperty, safe);
                string shown = "PRAGMA " + setting.Name + "=" + setting.Value.ToUpperInvariant();
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsafePragma, operation.Syntax.GetLocation(), properties,
                    shown, Reason(setting.Name, setting.Value.ToUpperInvariant())));
            }
        }

        private static void AnalyzeEnumValue(OperationSite context)
        {
            var reference = (IFieldReferenceOperation)context.Operation;
            IFieldSymbol field = reference.Field;
            INamedTypeSymbol type = field.ContainingType;
            if (type.TypeKind != TypeKind.Enum) return;

            string? pragma;
            string? safeMember;
            if (SqliteNames.HasFullName(type, SqliteNames.SqliteSynchronous) && field.Name == "Off")
            {
                pragma = "synchronous";
                safeMember = "Normal";
            }
            else if (SqliteNames.HasFullName(type, SqliteNames.SqliteJournalMode) && field.Name is "Off" or "Memory")
            {
                pragma = "journal_mode";
                safeMember = "Wal";
            }
            else if (SqliteNames.HasFullName(type, SqliteNames.SqliteLockingMode) && field.Name == "Exclusive"
                     && OmniSqliteOptions.GetReportExclusiveLocking(context.Options, reference.Syntax.SyntaxTree))
            {
                pragma = "locking_mode";
                safeMember = "Normal";
            }
            else
            {
                return;
            }

            if (!FlowsIntoOmniSqlite(reference)) return;

            var properties = ImmutableDictionary<string, string?>.Empty.Add(PragmaProperty, pragma);
            if (type.GetMembers(safeMember).Any(m => m is IFieldSymbol)) properties = properties.Add(SafeValueProperty, safeMember);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsafePragma, reference.Syntax.GetLocation(), properties,
                type.Name + "." + field.Name, Reason(pragma, field.Name.ToUpperInvariant())));
        }

        /// <summary><c>profile.WithPragma("synchronous", "off")</c>: the text form of a SqliteProfile setting.</summary>
        private static void AnalyzeWithPragma(OperationSite context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "WithPragma" || !SqliteNames.IsInNamespace(method.ContainingType, SqliteNames.OmniSqliteNamespace)) return;

            IArgumentOperation? nameArgument = null;
            IArgumentOperation? valueArgument = null;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0) nameArgument = argument;
                else if (argument.Parameter?.Ordinal == 1) valueArgument = argument;
            }

            string? name = ConstantText.TryFold(nameArgument?.Value)?.Trim().ToLowerInvariant();
            string? value = ConstantText.TryFold(valueArgument?.Value)?.Trim();
            if (name is null || value is null) return;

            bool exclusive = OmniSqliteOptions.GetReportExclusiveLocking(context.Options, invocation.Syntax.SyntaxTree);
            string? safe = PragmaScanner.SafeReplacement(name, value, exclusive);
            if (safe is null) return;

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(PragmaProperty, name)
                .Add(SafeValueProperty, safe)
                .Add(ValueOnlyProperty, "true");
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsafePragma, valueArgument!.Value.Syntax.GetLocation(), properties,
                "WithPragma(\"" + name + "\", \"" + value + "\")", Reason(name, value.ToUpperInvariant())));
        }

        /// <summary>The value is an argument of an OmniSqlite method or assigned to an OmniSqlite property (initializer, with, setter).</summary>
        private static bool FlowsIntoOmniSqlite(IOperation operation)
        {
            IOperation current = operation;
            while (current.Parent is IConversionOperation) current = current.Parent;
            switch (current.Parent)
            {
                case IArgumentOperation { Parameter: { ContainingSymbol: IMethodSymbol method } }:
                    return SqliteNames.IsInNamespace(method.ContainingType, SqliteNames.OmniSqliteNamespace);
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment when assignment.Value == current:
                    return SqliteNames.IsInNamespace(property.ContainingType, SqliteNames.OmniSqliteNamespace);
                default:
                    return false;
            }
        }

        private static string Reason(string pragma, string value) => pragma switch
        {
            "synchronous" => "without syncs a power loss or OS crash can corrupt the database; use NORMAL with WAL (or FULL)",
            "journal_mode" when value == "OFF" => "with no rollback journal a crash mid-transaction corrupts the database and ROLLBACK is undefined; use WAL",
            "journal_mode" => "a rollback journal in memory is lost in a crash mid-transaction, which can corrupt the database; use WAL",
            _ => "the first write locks every other connection and process out until this connection closes; use NORMAL in a server app",
        };
    }
}
