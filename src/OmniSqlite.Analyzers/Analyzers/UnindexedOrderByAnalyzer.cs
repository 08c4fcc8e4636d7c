using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>OSQL012 (Info): an ORDER BY that no index serves, so SQLite sorts in a temporary B-tree.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnindexedOrderByAnalyzer : SqlRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnindexedOrderBy);

        internal override void AnalyzeSite(OperationAnalysisContext context, SqlSite site, SqlCompilationState state)
        {
            foreach (var finding in Findings(context, site, state))
            {
                if (finding.Kind != SqlFindingKind.UnindexedOrderBy) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnindexedOrderBy,
                    site.MapSpan(site.Text!, finding.Start, finding.Length),
                    Properties(finding, state, context),
                    finding.QualifiedColumns));
            }
        }
    }
}
