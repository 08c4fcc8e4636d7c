using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL018Tests
{
    [Theory]
    [InlineData("SELECT * FROM users WHERE deleted_at {|OSQL018:= NULL|}")]
    [InlineData("SELECT * FROM users WHERE deleted_at {|OSQL018:== NULL|}")]
    [InlineData("SELECT * FROM users WHERE deleted_at {|OSQL018:<> NULL|}")]
    [InlineData("SELECT * FROM users WHERE deleted_at {|OSQL018:!= null|}")]
    [InlineData("SELECT * FROM users WHERE {|OSQL018:NULL =|} deleted_at")]
    [InlineData("UPDATE users SET active = 0 WHERE deleted_at {|OSQL018:= NULL|}")]
    [InlineData("SELECT CASE WHEN a {|OSQL018:= NULL|} THEN 1 END FROM t")]
    public Task Comparison_with_null_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL018", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("SELECT * FROM users WHERE deleted_at IS NULL")]
    [InlineData("SELECT * FROM users WHERE deleted_at IS NOT NULL")]
    [InlineData("UPDATE users SET deleted_at = NULL WHERE id = @id")]
    [InlineData("SELECT * FROM users WHERE name = 'NULL'")]
    [InlineData("SELECT * FROM users WHERE coalesce(deleted_at, NULL) = @d")]
    [InlineData("INSERT INTO users (id, deleted_at) VALUES (1, NULL)")]
    public Task Null_tests_and_assignments_stay_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL018", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);
}

public class OSQL018CodeFixTests
{
    [Fact]
    public Task Fix_writes_is_null_and_is_not_null() => SqlRuleVerifier.VerifyFixAsync<OmniSqlite.CodeFixes.SqlTextCodeFix>("OSQL018", """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM users WHERE deleted_at {|OSQL018:= NULL|}", connection);
                using var b = new SqliteCommand(@"SELECT * FROM users WHERE deleted_at {|OSQL018:<> NULL|} AND name {|OSQL018:== NULL|}", connection);
            }
        }
        """, """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM users WHERE deleted_at IS NULL", connection);
                using var b = new SqliteCommand(@"SELECT * FROM users WHERE deleted_at IS NOT NULL AND name IS NULL", connection);
            }
        }
        """);
}
