using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Analyzers
{
    /// <summary>
    /// OSQL013: a column the known table does not have; with <c>omnisqlite.report_unknown_tables = true</c> also a table
    /// the known schema does not have (off by default: tables may be created elsewhere).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnknownSchemaNameAnalyzer : SqlRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnknownSchemaName);

        internal override void AnalyzeSite(OperationAnalysisContext context, SqlSite site, SqlCompilationState state)
        {
            if (site.Text is null) return;
            bool tables = ReadBoolOption(context, ReportUnknownTablesOption);
            foreach (var finding in Findings(context, site, state, tables))
            {
                if (finding.Kind == SqlFindingKind.UnknownColumn)
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnknownSchemaName,
                        site.MapSpan(site.Text, finding.Start, finding.Length),
                        "Column", finding.Columns[0], finding.Table.Length > 0 ? " (table " + finding.Table + ")" : ""));
                else if (finding.Kind == SqlFindingKind.UnknownTable)
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnknownSchemaName,
                        site.MapSpan(site.Text, finding.Start, finding.Length),
                        "Table", finding.Table, ""));
            }
        }
    }
}
