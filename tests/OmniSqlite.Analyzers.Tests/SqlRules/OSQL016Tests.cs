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

public class OSQL016CodeFixTests
{
    private const string Schema = """CREATE TABLE campaigns (id INTEGER PRIMARY KEY, client_id INTEGER NOT NULL, name TEXT)""";

    [Fact]
    public Task Fix_names_the_tables_columns_in_their_declared_order() => SqlRuleVerifier.VerifyFixAsync<OmniSqlite.CodeFixes.SqlTextCodeFix>("OSQL016", $$"""
        class Queries
        {
            const string Ddl = "{{Schema}}";
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("INSERT INTO {|OSQL016:campaigns|} VALUES ($id, $clientId, $name)", connection);
                using var b = new SqliteCommand(@"INSERT OR REPLACE INTO {|OSQL016:campaigns|}
                    SELECT * FROM campaigns", connection);
            }
        }
        """, $$"""
        class Queries
        {
            const string Ddl = "{{Schema}}";
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("INSERT INTO campaigns (id, client_id, name) VALUES ($id, $clientId, $name)", connection);
                using var b = new SqliteCommand(@"INSERT OR REPLACE INTO campaigns (id, client_id, name)
                    SELECT * FROM campaigns", connection);
            }
        }
        """);

    [Fact]
    public async Task No_fix_when_the_columns_are_unknown_or_need_quoting()
    {
        // Unknown table: the diagnostic has no column list to offer; a quoted column name: no fix (quoting inside a C#
        // literal is the user's call). The verifier checks the source stays as it is.
        const string source = """
            class Queries
            {
                const string Ddl = "CREATE TABLE odd (\"my col\" TEXT)";
                void Run(SqliteConnection connection)
                {
                    using var a = new SqliteCommand("INSERT INTO {|OSQL016:unknown_table|} VALUES (1)", connection);
                    using var b = new SqliteCommand("INSERT INTO {|OSQL016:odd|} VALUES ('x')", connection);
                }
            }
            """;
        await SqlRuleVerifier.VerifyFixAsync<OmniSqlite.CodeFixes.SqlTextCodeFix>("OSQL016", source, source);
    }
}
