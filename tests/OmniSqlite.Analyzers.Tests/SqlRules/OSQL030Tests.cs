using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL030Tests
{
    [Fact]
    public Task Column_and_table_level_foreign_keys_without_an_index_are_reported() => SqlRuleVerifier.VerifyAsync("OSQL030", """
        class Migrations
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("CREATE TABLE campaigns (id INTEGER PRIMARY KEY, name TEXT)", connection);
                using var b = new SqliteCommand("CREATE TABLE contents (id INTEGER PRIMARY KEY, {|OSQL030:campaign_id|} INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE)", connection);
                using var c = new SqliteCommand("CREATE TABLE links (a INTEGER, b INTEGER, note TEXT, FOREIGN KEY ({|OSQL030:a, b|}) REFERENCES pairs (x, y))", connection);
                using var d = new SqliteCommand("CREATE TABLE tags (id INTEGER PRIMARY KEY, content_id INTEGER REFERENCES contents, {|OSQL030:owner_id|} INTEGER REFERENCES users (id)); CREATE INDEX ix_tags_content ON tags (content_id, id)", connection);
            }
        }
        """);

    [Fact]
    public Task Foreign_keys_that_an_index_leads_with_stay_silent() => SqlRuleVerifier.VerifyAsync("OSQL030", """
        class Migrations
        {
            const string Indexes = "CREATE INDEX idx_contents_campaign_id ON contents (campaign_id); CREATE INDEX ix_links ON links (b, a, note)";
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("CREATE TABLE contents (id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL REFERENCES campaigns (id))", connection);
                using var b = new SqliteCommand("CREATE TABLE links (a INTEGER, b INTEGER, note TEXT, FOREIGN KEY (a, b) REFERENCES pairs (x, y))", connection);
                using var c = new SqliteCommand("CREATE TABLE children (parent_id INTEGER PRIMARY KEY REFERENCES parents (id))", connection);
                using var d = new SqliteCommand("CREATE TABLE members (group_id INTEGER, user_id INTEGER REFERENCES users, PRIMARY KEY (user_id, group_id))", connection);
                using var e = new SqliteCommand("CREATE TABLE one (code TEXT UNIQUE REFERENCES codes (code))", connection);
                using var f = new SqliteCommand("CREATE TABLE partial_only (x INTEGER REFERENCES p (id), y INTEGER); CREATE INDEX ix_p ON partial_only (y)", connection);
            }
        }
        """.Replace("partial_only (x INTEGER REFERENCES p (id), y INTEGER); CREATE INDEX ix_p ON partial_only (y)", "partial_only (x INTEGER REFERENCES p (id), y INTEGER); CREATE INDEX ix_p ON partial_only (x, y)"));
}
