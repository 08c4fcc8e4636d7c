using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>OSQL020-OSQL025 on [Query] methods, against the compilation's schema (see <see cref="QueryMethodRules"/>).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class QueryMethodAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.QueryDescriptors;

        public override void Initialize(AnalysisContext context)
        {
            // The generated implementation part makes a [Query] method partly generated code; its definition is the user's.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (start.Compilation.GetTypeByMetadataName("OmniSqlite.QueryAttribute") is null) return;
                var state = SqlCompilationState.Get(start.Compilation, start.Options);
                if (state is null) return;
                start.RegisterSymbolAction(symbol =>
                {
                    if (symbol.Symbol is IMethodSymbol method)
                        QueryMethodRules.Analyze(method, state.GetSchema(symbol.CancellationToken), symbol.ReportDiagnostic, symbol.CancellationToken);
                }, SymbolKind.Method);
            });
        }
    }
}
