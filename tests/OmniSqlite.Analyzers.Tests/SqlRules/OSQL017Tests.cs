using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL017Tests
{
    [Theory]
    [InlineData("INSERT INTO contents (campaign_id, title) VALUES ({|OSQL017:@c, @t, @b|})")]
    [InlineData("INSERT INTO contents (campaign_id, title, body) VALUES ({|OSQL017:@c, @t|})")]
    [InlineData("INSERT INTO contents (campaign_id, title) VALUES (1, 'a'), ({|OSQL017:2|})")]
    [InlineData("INSERT INTO contents (campaign_id, title) SELECT {|OSQL017:id, name, status|} FROM campaigns")]
    [InlineData("INSERT INTO unknown_table (a) VALUES ({|OSQL017:1, 2|})")]
    public Task Column_and_value_counts_that_differ_are_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL017", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("INSERT INTO contents (campaign_id, title) VALUES (@c, @t)")]
    [InlineData("INSERT INTO contents (campaign_id, title) VALUES (1, 'a'), (2, 'b')")]
    [InlineData("INSERT INTO contents (campaign_id, title) SELECT * FROM other")]
    [InlineData("INSERT INTO contents (campaign_id, title) SELECT id, name FROM campaigns")]
    [InlineData("INSERT INTO contents (campaign_id) VALUES ((SELECT max(id) FROM campaigns))")]
    [InlineData("INSERT INTO contents VALUES (1, 2, 3)")]
    public Task Matching_counts_and_uncountable_sources_stay_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL017", $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);
}
