using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL016Tests
{
    [Theory]
    [InlineData("INSERT INTO {|OSQL016:campaigns|} VALUES (1, 2, 'x')")]
    [InlineData("INSERT OR REPLACE INTO {|OSQL016:campaigns|} VALUES (@id, @c, @n)")]
    [InlineData("REPLACE INTO {|OSQL016:campaigns|} SELECT * FROM campaigns")]
    [InlineData("INSERT INTO {|OSQL016:unknown_table|} VALUES (1)")]
    public Task Insert_without_a_column_list_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL016", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("INSERT INTO campaigns (id, client_id, name) VALUES (1, 2, 'x')")]
    [InlineData("INSERT INTO campaigns DEFAULT VALUES")]
    [InlineData("INSERT INTO campaigns (id) SELECT id FROM campaigns")]
    [InlineData("UPDATE campaigns SET name = 'x' WHERE id = 1")]
    public Task Insert_with_a_column_list_stays_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL016", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);
}
