using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>OSQL010: a WHERE or JOIN column that no index serves (the table is scanned).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnindexedColumnAnalyzer : SqlRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnindexedColumn);

        internal override void AnalyzeSite(OperationAnalysisContext context, SqlSite site, SqlCompilationState state)
        {
            foreach (var finding in Findings(context, site, state))
            {
                if (finding.Kind != SqlFindingKind.UnindexedColumn) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnindexedColumn,
                    site.MapSpan(site.Text!, finding.Start, finding.Length),
                    Properties(finding, state, context),
                    finding.QualifiedColumns, finding.Clause, finding.Table,
                    string.Join(", ", finding.Columns.Items)));
            }
        }
    }
}
