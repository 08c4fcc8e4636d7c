using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL011Tests
{
    private const string Entities = """
        [Table("users")]
        public sealed class User
        {
            [PrimaryKey] public long Id { get; set; }
            [Indexed] public string Email { get; set; } = "";
            [Indexed] public long Age { get; set; }
            public string Name { get; set; } = "";
        }

        """;

    [Theory]
    [InlineData("SELECT * FROM users WHERE lower({|OSQL011:email|}) = @e")]
    [InlineData("SELECT * FROM users WHERE +{|OSQL011:age|} = 3")]
    [InlineData("SELECT * FROM users WHERE {|OSQL011:age|} + 1 = 3")]
    [InlineData("SELECT * FROM users WHERE CAST({|OSQL011:age|} AS TEXT) = '3'")]
    [InlineData("SELECT * FROM users WHERE {|OSQL011:email|} LIKE '%@example.com'")]
    [InlineData("SELECT * FROM users WHERE {|OSQL011:email|} LIKE 'a%'")]
    [InlineData("SELECT * FROM users WHERE {|OSQL011:email|} = 'A' COLLATE NOCASE")]
    [InlineData("SELECT * FROM users WHERE abs({|OSQL011:id|}) = 1")]
    public Task Expression_around_an_indexed_column_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL011", Entities + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("SELECT * FROM users WHERE email = @e")]
    [InlineData("SELECT * FROM users WHERE lower(name) = 'x'")]
    [InlineData("SELECT * FROM users WHERE email GLOB 'a*'")]
    [InlineData("SELECT * FROM users WHERE age = 3 AND lower(email) = 'x'")]
    [InlineData("SELECT lower(email) FROM users WHERE id = 1")]
    public Task Near_misses_stay_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL011", Entities + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Fact]
    public Task Expression_index_serves_the_same_expression() => SqlRuleVerifier.VerifyAsync("OSQL011", """
        class Queries
        {
            const string Ddl = "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX ix_tags_name ON tags (name); CREATE INDEX ix_tags_lower ON tags (lower(name));";
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM tags WHERE lower(name) = @n", connection);
                using var b = new SqliteCommand("SELECT * FROM tags WHERE upper({|OSQL011:name|}) = @n", connection);
            }
        }
        """);
}
