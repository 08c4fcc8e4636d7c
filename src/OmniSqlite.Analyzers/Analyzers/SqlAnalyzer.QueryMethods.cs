using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>The [Query] method rules OSQL020-OSQL025 (see <see cref="QueryMethodRules"/>), plugged into the one SQL analyzer.</summary>
    public sealed partial class SqlAnalyzer
    {
        static partial void AddQueryMethodDescriptors(ImmutableArray<DiagnosticDescriptor>.Builder descriptors)
        {
            descriptors.AddRange(Descriptors.QueryDescriptors);
            descriptors.Add(Descriptors.SqliteOnlySyntax);
        }

        static partial void AnalyzeQueryMethod(SyntaxNodeAnalysisContext context, IMethodSymbol method, AttributeData query, SqlSite site, SqlCompilationState state)
        {
            var sql = site.Text ?? "";
            QueryMethodRules.Analyze(method, state.Schema, (start, length) => site.MapSpan(sql, start, length), context.ReportDiagnostic, context.CancellationToken);
        }

        /// <summary>OSQL021/OSQL022 at Dapper calls and CommandDefinitions with an anonymous parameter object.</summary>
        private static void AnalyzeDapperParameters(IOperation operation, SqlCompilationState state, System.Action<Diagnostic> report)
            => DapperParameterRules.Analyze(operation, state, report);
    }
}
