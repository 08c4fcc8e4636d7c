using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing.Sql;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>
/// A bug of the parser or the analysis must surface: in tests as an exception (rethrow), in the product as an OSQL009
/// finding on the statement - never as silence that looks like a clean statement.
/// </summary>
public class InternalErrorTests
{
    private static readonly SchemaModel Schema = SchemaModel.FromSql("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)");

    /// <summary>A tree the parser never builds (a table reference without a name), which makes the analysis throw.</summary>
    private static SqlScript Broken()
    {
        var core = new SqlSelectCore { Start = 0, End = 8 };
        core.From.Add(new SqlFromItem { Source = new SqlTableRef() });
        var select = new SqlSelect { Start = 0, End = 8 };
        select.Cores.Add(core);
        return new SqlScript("SELECT 1", new SqlStatement[] { new SqlSelectStatement(select) { Start = 0, End = 8 } });
    }

    [Fact]
    public void An_analysis_failure_is_an_OSQL009_finding_on_the_statement()
    {
        var finding = Assert.Single(SqlQueryAnalysis.Analyze(Broken(), Schema));
        Assert.Equal(SqlFindingKind.InternalError, finding.Kind);
        Assert.Equal((0, 8), (finding.Start, finding.Length));
        Assert.Contains("NullReferenceException", finding.Detail);
    }

    [Fact]
    public void An_analysis_failure_escapes_when_tests_ask_for_it()
        => Assert.ThrowsAny<Exception>(() => SqlQueryAnalysis.Analyze(Broken(), Schema, rethrow: true));

    [Fact]
    public void A_parser_failure_is_an_OSQL009_finding_too()
    {
        var statement = new SqlUnknownStatement("internal parser error: InvalidOperationException: x") { IsInternalError = true, Start = 0, End = 6 };
        var script = new SqlScript("SELECT", new SqlStatement[] { statement });
        var finding = Assert.Single(SqlQueryAnalysis.Analyze(script, Schema));
        Assert.Equal(SqlFindingKind.InternalError, finding.Kind);
        Assert.Contains("internal parser error", finding.Detail);
        Assert.ThrowsAny<Exception>(() => SqlQueryAnalysis.Analyze(script, Schema, rethrow: true));
    }

    [Fact]
    public void A_syntax_error_is_not_an_internal_error()
    {
        var statement = Assert.IsType<SqlUnknownStatement>(Assert.Single(SqlParser.Parse("SELECT * FROM t WHERE").Statements));
        Assert.False(statement.IsInternalError);
        Assert.Empty(SqlQueryAnalysis.Analyze("SELECT * FROM t WHERE", Schema, rethrow: true));
    }
}
