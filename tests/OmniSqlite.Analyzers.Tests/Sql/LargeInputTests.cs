using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing.Sql;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>
/// Statements of the sizes that once overflowed the compiler's stack (recursive SplitAnd at 30,000 AND terms, SplitOr
/// at 50,000 OR terms) and cost quadratic time below that. They run on a thread with a 256 KiB stack, a quarter of the
/// default, so a walk that recurses per term fails here; the findings show the whole statement was read. No timing assert:
/// the cost is linear by construction (one pass per term), measured in the session notes.
/// </summary>
public class LargeInputTests
{
    private static readonly SchemaModel Schema = SchemaModel.FromSql("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER); CREATE INDEX ix_t_b ON t (b)");

    private static T OnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() => { try { result = work(); } catch (Exception e) { failure = e; } }, 256 * 1024);
        thread.Start();
        thread.Join();
        if (failure != null) throw new Xunit.Sdk.XunitException("failed on a 256 KiB stack: " + failure);
        return result;
    }

    [Fact]
    public void Thirty_thousand_and_terms_are_one_finding()
    {
        var sql = "SELECT * FROM t WHERE " + string.Join(" AND ", Enumerable.Range(0, 30_000).Select(i => "a = " + i));
        var findings = OnSmallStack(() => SqlQueryAnalysis.Analyze(sql, Schema, rethrow: true));
        var finding = Assert.Single(findings);
        Assert.Equal(SqlFindingKind.UnindexedColumn, finding.Kind);
        Assert.Equal(new[] { "a" }, finding.Columns.Items);
        Assert.Equal(30_000, OnSmallStack(() => SqlSyntaxWalker.SplitAnd(((SqlSelectStatement)SqlParser.Parse(sql).Statements[0]).Select.Cores[0].Where!).Count));
    }

    [Fact]
    public void Fifty_thousand_or_terms_name_each_column_once()
    {
        var sql = "SELECT * FROM t WHERE " + string.Join(" OR ", Enumerable.Range(0, 50_000).Select(i => (i % 2 == 0 ? "a = " : "b = ") + i));
        var findings = OnSmallStack(() => SqlQueryAnalysis.Analyze(sql, Schema, rethrow: true));
        // b is indexed; the OR needs an index on a too: one finding, not 25,000.
        var finding = Assert.Single(findings);
        Assert.Equal(new[] { "a" }, finding.Columns.Items);
        Assert.Equal(50_000, OnSmallStack(() => SqlSyntaxWalker.SplitOr(((SqlSelectStatement)SqlParser.Parse(sql).Statements[0]).Select.Cores[0].Where!).Count));
    }

    [Fact]
    public void Served_and_of_thirty_thousand_terms_and_mixed_nesting_are_silent()
    {
        var and = "SELECT * FROM t WHERE b = 1 AND " + string.Join(" AND ", Enumerable.Range(0, 30_000).Select(i => "(a = " + i + " OR a > " + i + ")"));
        Assert.Empty(OnSmallStack(() => SqlQueryAnalysis.Analyze(and, Schema, rethrow: true)));
        var schema = OnSmallStack(() => SchemaModel.FromSql("CREATE TABLE p (x INT); CREATE INDEX ix ON p (x) WHERE " + string.Join(" AND ", Enumerable.Range(0, 30_000).Select(i => "x <> " + i))));
        Assert.Equal(30_000, schema.FindTable("p")!.Indexes.Single().Condition.Length);
    }

    /// <summary>
    /// Linear cost, shown with a work counter instead of a clock: the walks' steps (nodes and chain operands visited)
    /// for parsing and analysing a statement of 4n terms are at most 4.4 times those of n terms. A walk per term (the
    /// quadratic cost issue 20 measured: 20,000 ANDs in 3.8 s) would make the ratio about 16.
    /// </summary>
    [Theory]
    [InlineData(" AND ", "a = {0}")]
    [InlineData(" OR ", "a = {0}")]
    [InlineData(" AND ", "(a = {0} OR b > {0})")]
    public void Analysis_work_grows_linearly_with_the_number_of_terms(string joiner, string term)
    {
        long Work(int n)
        {
            var sql = "SELECT * FROM t WHERE " + string.Join(joiner, Enumerable.Range(0, n).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, term, i)));
            long before = SqlSyntaxWalker.Steps;
            var findings = SqlQueryAnalysis.Analyze(sql, Schema, rethrow: true);
            Assert.NotNull(findings);
            return SqlSyntaxWalker.Steps - before;
        }

        long small = OnSmallStack(() => Work(2_500));
        long large = OnSmallStack(() => Work(10_000));
        Assert.True(small > 2_500, $"the counter saw only {small} steps for 2,500 terms");
        double ratio = (double)large / small;
        Assert.True(ratio <= 4.4, $"4x the terms cost {ratio:0.00}x the steps ({small} -> {large}): not linear");
    }
}
