using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL015Tests
{
    [Theory]
    [InlineData("{|OSQL015:DELETE FROM sessions|}")]
    [InlineData("{|OSQL015:UPDATE users|} SET active = 0")]
    [InlineData("{|OSQL015:UPDATE OR IGNORE users|} SET active = 0 RETURNING id")]
    [InlineData("WITH old AS (SELECT 1) {|OSQL015:DELETE FROM sessions|}")]
    [InlineData("SELECT 1; {|OSQL015:DELETE FROM unknown_table|}")]
    public Task Update_or_delete_without_where_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL015", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("DELETE FROM sessions WHERE expires_at < @now")]
    [InlineData("UPDATE users SET active = 0 WHERE true")]
    [InlineData("UPDATE users SET active = 0 WHERE id = @id")]
    [InlineData("INSERT INTO users (id, active) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET active = excluded.active")]
    [InlineData("SELECT * FROM users")]
    [InlineData("CREATE TRIGGER t AFTER INSERT ON users BEGIN DELETE FROM sessions; END")]
    public Task Statements_with_where_or_without_a_table_change_stay_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL015", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);
}
