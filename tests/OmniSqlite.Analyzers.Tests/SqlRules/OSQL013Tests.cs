using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL013Tests
{
    [Theory]
    [InlineData("SELECT {|OSQL013:nme|} FROM campaigns")]
    [InlineData("SELECT c.{|OSQL013:clientid|} FROM campaigns c")]
    [InlineData("SELECT * FROM campaigns WHERE {|OSQL013:state|} = 1")]
    [InlineData("INSERT INTO campaigns (client_id, {|OSQL013:stat|}) VALUES (1, 2)")]
    [InlineData("UPDATE campaigns SET {|OSQL013:nam|} = 'x' WHERE id = 1")]
    [InlineData("SELECT * FROM campaigns c JOIN contents t ON t.{|OSQL013:campaign|} = c.id")]
    public Task Unknown_column_of_a_known_table_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("SELECT * FROM other_table WHERE whatever = 1")]
    [InlineData("SELECT client_id AS c FROM campaigns ORDER BY c")]
    [InlineData("SELECT rowid, id FROM campaigns")]
    [InlineData("WITH x AS (SELECT client_id AS k FROM campaigns) SELECT k FROM x")]
    [InlineData("SELECT * FROM campaigns c WHERE EXISTS (SELECT 1 FROM contents t WHERE t.campaign_id = c.id)")]
    [InlineData("SELECT s.n FROM (SELECT count(*) AS n FROM campaigns) s")]
    [InlineData("SELECT * FROM campaigns WHERE status = 'active'")]
    [InlineData("SELECT * FROM campaigns WHERE status = \\\"active\\\"")] // a double-quoted string: OSQL019 says so instead
    [InlineData("this is not SQL at all")]
    public Task Known_names_and_unknown_tables_stay_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Fact]
    public Task Unknown_tables_are_reported_when_the_project_opts_in() => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM {|OSQL013:campaign|} WHERE id = 1", connection);
                using var b = new SqliteCommand("SELECT name FROM sqlite_master", connection);
            }
        }
        """, "omnisqlite.report_unknown_tables = true");
}
