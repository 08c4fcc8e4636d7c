using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

/// <summary>
/// The message text the rule pages promise, rule by rule: the markup tests check ids and spans, these check what the
/// user reads (the table.column it names, the advice it gives).
/// </summary>
public class SqlRuleMessageTests
{
    private const string Schema = """
        class Schema
        {
            const string Ddl = @"
                CREATE TABLE campaigns (id INTEGER PRIMARY KEY, client_id INTEGER, status TEXT, name TEXT, created_at TEXT);
                CREATE INDEX idx_campaigns_status ON campaigns (status);
                CREATE TABLE grants (id INTEGER PRIMARY KEY, user_id INTEGER, can_read INTEGER, can_write INTEGER, can_assign INTEGER);";
        }

        """;

    private static async Task<List<string>> Messages(string id, string sql)
    {
        var source = SqlRuleVerifier.Prelude + Schema + "class Queries { void Run(SqliteConnection c) { using var command = new SqliteCommand("
            + Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(sql, quote: true) + ", c); } }";
        var diagnostics = await AnalyzerRunner.RunAsync(new[] { new SqlAnalyzer() }, source);
        return diagnostics.Where(d => d.Id == id).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    [Theory]
    [InlineData("OSQL010", "SELECT * FROM campaigns WHERE client_id = @c",
        "No index serves 'campaigns.client_id' in WHERE, so SQLite scans every row of 'campaigns': add an index on campaigns (client_id)")]
    [InlineData("OSQL010", "SELECT * FROM campaigns WHERE name = @n AND client_id = @c",
        "No index serves 'campaigns.name', 'campaigns.client_id' in WHERE, so SQLite scans every row of 'campaigns': add an index on campaigns (name, client_id)")]
    [InlineData("OSQL010", "SELECT name, count(*) FROM campaigns GROUP BY name HAVING name = @n",
        "No index serves 'campaigns.name' in HAVING, so SQLite scans every row of 'campaigns': add an index on campaigns (name)")]
    [InlineData("OSQL011", "SELECT * FROM campaigns WHERE lower(status) = 'x'",
        "'campaigns.status' has an index, but the function lower() around it keeps SQLite from using it, so it scans every row of 'campaigns'")]
    [InlineData("OSQL011", "SELECT * FROM campaigns WHERE status <> 'x'",
        "'campaigns.status' has an index, but the '<>' comparison, which no index can serve, keeps SQLite from using it, so it scans every row of 'campaigns'")]
    [InlineData("OSQL011", "SELECT * FROM campaigns NOT INDEXED WHERE status = 'x'",
        "'campaigns.status' has an index, but NOT INDEXED keeps SQLite from using it, so it scans every row of 'campaigns'")]
    [InlineData("OSQL012", "SELECT * FROM campaigns ORDER BY created_at",
        "ORDER BY 'campaigns.created_at' is not served by an index, so SQLite sorts the result in a temporary B-tree")]
    [InlineData("OSQL013", "SELECT * FROM campaigns WHERE nmae = 'x'",
        "Column 'nmae' does not exist in the known schema (table campaigns)")]
    [InlineData("OSQL015", "DELETE FROM campaigns",
        "DELETE on 'campaigns' has no WHERE clause, so it changes every row of 'campaigns': add the WHERE it needs, or write WHERE true when every row is meant")]
    [InlineData("OSQL016", "INSERT INTO campaigns VALUES (1, 2, 'a', 'b', 'c')",
        "INSERT INTO 'campaigns' has no column list, so its values bind by position and go to the wrong columns when a column is added or reordered: name the columns (id, client_id, status, name, created_at)")]
    [InlineData("OSQL017", "INSERT INTO campaigns (id, name) VALUES (1, 'a', 'b')",
        "INSERT INTO 'campaigns' names 2 column(s) (id, name) but gives 3 value(s): SQLite refuses to prepare the statement")]
    [InlineData("OSQL018", "SELECT * FROM campaigns WHERE name <> NULL",
        "'<> NULL' is never true, because a comparison with NULL is NULL: write 'IS NOT NULL'")]
    [InlineData("OSQL019", "SELECT * FROM campaigns WHERE status = \"active\"",
        "\"active\" names no column of campaigns, so SQLite reads it as the string 'active' (a legacy misfeature that turns into the wrong column when one is named so): write 'active' in single quotes")]
    [InlineData("OSQL030", "CREATE TABLE contents (id INTEGER PRIMARY KEY, campaign_id INTEGER REFERENCES campaigns (id))",
        "No index of 'contents' leads with campaign_id, which REFERENCES 'campaigns': with foreign_keys=ON every DELETE of a 'campaigns' row (or change of its key) scans 'contents' for rows that point at it; add CREATE INDEX ... ON contents (campaign_id)")]
    public async Task Message_names_the_table_and_column(string id, string sql, string expected)
        => Assert.Equal(new[] { expected }, await Messages(id, sql));

    [Fact]
    public async Task And_with_an_or_advises_only_the_conjunct_whose_index_serves()
    {
        // The issue's shape: UserId = @u AND (Read = 1 OR Write = 1 OR Assign = 1) - an index on user_id serves it;
        // the flags under the OR do not matter.
        var messages = await Messages("OSQL010", "SELECT * FROM grants WHERE user_id = @u AND (can_read = 1 OR can_write = 1 OR can_assign = 1)");
        Assert.Equal(new[] { "No index serves 'grants.user_id' in WHERE, so SQLite scans every row of 'grants': add an index on grants (user_id)" }, messages);
    }

    [Fact]
    public async Task Or_alone_advises_an_index_per_branch_column_once_each()
    {
        var messages = await Messages("OSQL010", "SELECT * FROM grants WHERE can_read = 1 OR can_write = 1 OR can_read = 2");
        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.StartsWith("No index serves 'grants.can_read'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("No index serves 'grants.can_write'", StringComparison.Ordinal));
        // An OR with a branch no index can serve ('<>') gets no advice: indexing the other branches would not help.
        Assert.Empty(await Messages("OSQL010", "SELECT * FROM grants WHERE can_read = 1 OR can_write <> 1"));
    }
}
