using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL012Tests
{
    [Fact]
    public Task Seed_guide_join_ordered_by_created_at_sorts_in_a_temp_btree() => SqlRuleVerifier.VerifyAsync("OSQL012", OSQL010Tests.Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT c.id, t.title FROM campaigns c JOIN contents t ON t.campaign_id = c.id WHERE c.id = @id ORDER BY t.{|OSQL012:created_at|} DESC";
            }
        }
        """);

    [Theory]
    [InlineData("SELECT * FROM campaigns ORDER BY id")]
    [InlineData("SELECT * FROM contents ORDER BY campaign_id")]
    [InlineData("SELECT * FROM contents WHERE campaign_id = @c ORDER BY id DESC")]
    [InlineData("SELECT * FROM campaigns WHERE status = 'x' ORDER BY created_at")]
    [InlineData("SELECT status, count(*) FROM campaigns GROUP BY status ORDER BY status")]
    [InlineData("SELECT title FROM contents UNION SELECT status FROM campaigns ORDER BY 1")]
    public Task Ordered_by_an_index_or_not_a_plain_order_stays_silent(string sql) => SqlRuleVerifier.VerifyAsync("OSQL012", Entities + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    [Theory]
    [InlineData("SELECT * FROM contents ORDER BY {|OSQL012:title|}")]
    [InlineData("SELECT * FROM contents WHERE campaign_id = @c ORDER BY {|OSQL012:created_at|}")]
    [InlineData("SELECT * FROM campaigns ORDER BY {|OSQL012:client_id|}, status")]
    [InlineData("SELECT title AS t FROM contents ORDER BY {|OSQL012:t|}")]
    public Task Unserved_order_is_reported(string sql) => SqlRuleVerifier.VerifyAsync("OSQL012", Entities + $$"""
        class Queries
        {
            void Run(SqliteConnection connection) { using var command = new SqliteCommand("{{sql}}", connection); }
        }
        """);

    private const string Entities = """
        [Table("campaigns")]
        [Index(nameof(Status), nameof(CreatedAt))]
        public sealed class Campaign
        {
            [PrimaryKey] public long Id { get; set; }
            public long ClientId { get; set; }
            public string Status { get; set; } = "";
            public System.DateTime CreatedAt { get; set; }
        }

        [Table("contents")]
        public sealed class Content
        {
            [PrimaryKey] public long Id { get; set; }
            [Indexed] public long CampaignId { get; set; }
            public string Title { get; set; } = "";
            public System.DateTime CreatedAt { get; set; }
        }

        """;
}
