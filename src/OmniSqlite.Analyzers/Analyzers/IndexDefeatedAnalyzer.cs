using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>OSQL011: a function, unary '+', arithmetic, COLLATE or leading-wildcard LIKE keeps the planner from an existing index.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class IndexDefeatedAnalyzer : SqlRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.IndexDefeated);

        internal override void AnalyzeSite(OperationAnalysisContext context, SqlSite site, SqlCompilationState state)
        {
            foreach (var finding in Findings(context, site, state))
            {
                if (finding.Kind != SqlFindingKind.IndexDefeated) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.IndexDefeated,
                    site.MapSpan(site.Text!, finding.Start, finding.Length),
                    finding.Table, finding.Columns[0], finding.Detail));
            }
        }
    }
}
