using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL019Tests
{
    private const string Ddl = """
        class Schema { const string Ddl = "CREATE TABLE campaigns (id INTEGER PRIMARY KEY, status TEXT, \"name\" TEXT)"; }

        """;

    [Theory]
    [InlineData("SELECT * FROM campaigns WHERE status = \\\"{|OSQL019:active|}\\\"")]
    [InlineData("SELECT id AS \\\"x\\\" FROM campaigns WHERE status IN (\\\"{|OSQL019:a|}\\\", 'b')")]
    [InlineData("INSERT INTO campaigns (id, status) VALUES (1, \\\"{|OSQL019:new|}\\\")")]
    [InlineData("UPDATE campaigns SET status = \\\"{|OSQL019:done|}\\\" WHERE id = 1")]
    public Task Double_quoted_text_that_names_no_column_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL019", Ddl + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("SELECT * FROM campaigns WHERE \\\"status\\\" = 'active'")]
    [InlineData("SELECT \\\"name\\\", c.\\\"id\\\" FROM campaigns c")]
    [InlineData("SELECT status AS \\\"s\\\" FROM campaigns ORDER BY \\\"s\\\"")]
    [InlineData("SELECT * FROM unknown_table WHERE status = \\\"active\\\"")]
    [InlineData("SELECT * FROM campaigns c JOIN unknown_table u ON u.id = c.id WHERE \\\"flag\\\" = 1")]
    [InlineData("SELECT * FROM campaigns WHERE status = 'active'")]
    [InlineData("SELECT * FROM campaigns WHERE [other] = 1")]
    public Task Names_that_resolve_and_unknown_tables_stay_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL019", Ddl + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);
}

public class OSQL019CodeFixTests
{
    private const string Ddl = """
        class Schema { const string Ddl = "CREATE TABLE campaigns (id INTEGER PRIMARY KEY, status TEXT)"; }

        """;

    [Fact]
    public Task Fix_writes_the_text_in_single_quotes() => SqlRuleVerifier.VerifyFixAsync<OmniSqlite.CodeFixes.SqlTextCodeFix>("OSQL019", Ddl + """"
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM campaigns WHERE status = \"{|OSQL019:active|}\"", connection);
                using var b = new SqliteCommand(@"SELECT * FROM campaigns WHERE status = ""{|OSQL019:done|}""", connection);
                using var c = new SqliteCommand("""SELECT * FROM campaigns WHERE status = "{|OSQL019:new|}" """, connection);
            }
        }
        """", Ddl + """"
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM campaigns WHERE status = 'active'", connection);
                using var b = new SqliteCommand(@"SELECT * FROM campaigns WHERE status = 'done'", connection);
                using var c = new SqliteCommand("""SELECT * FROM campaigns WHERE status = 'new' """, connection);
            }
        }
        """");
}
