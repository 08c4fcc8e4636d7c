using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL010Tests
{
    // The seed guide's schema as entities.
    public const string Entities = """
        [Table("campaigns")]
        public sealed class Campaign
        {
            [PrimaryKey, AutoIncrement] public long Id { get; set; }
            public long ClientId { get; set; }
            public string Status { get; set; } = "";
            public System.DateTime CreatedAt { get; set; }
        }

        [Table("contents")]
        public sealed class Content
        {
            [PrimaryKey, AutoIncrement] public long Id { get; set; }
            [Indexed] public long CampaignId { get; set; }
            public string Title { get; set; } = "";
            public System.DateTime CreatedAt { get; set; }
        }

        [Table("audio_generations")]
        public sealed class AudioGeneration
        {
            [PrimaryKey] public long Id { get; set; }
            public string TaskId { get; set; } = "";
            public long ContentId { get; set; }
        }

        """;

    [Fact]
    public Task Seed_guide_campaigns_by_client_id_without_index_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM campaigns WHERE {|#0:client_id|} = $clientId";
            }
        }
        """.Replace("{|#0:client_id|}", "{|OSQL010:client_id|}"));

    [Fact]
    public Task Seed_guide_contents_by_campaign_id_is_indexed_and_silent() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var command = new SqliteCommand("SELECT id, title FROM contents WHERE campaign_id = @campaignId", connection);
            }
        }
        """);

    [Fact]
    public Task Seed_guide_audio_generations_by_task_id_through_dapper_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                var rows = DapperLike.SqlMapper.Query<AudioGeneration>(connection, "SELECT * FROM audio_generations WHERE {|OSQL010:task_id|} = @taskId", new { taskId = "t" });
                var one = connection.QuerySingle<AudioGeneration>("SELECT * FROM audio_generations WHERE {|OSQL010:task_id|} = @t");
            }
        }
        """);

    [Fact]
    public Task Seed_guide_join_is_served_through_contents_campaign_id() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            const string Sql = "SELECT c.id, t.title FROM campaigns c JOIN contents t ON t.campaign_id = c.id ORDER BY t.created_at";
            void Run(SqliteConnection connection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = Sql;
            }
        }
        """);

    [Fact]
    public Task Join_with_no_index_on_either_side_names_the_inner_column() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var command = new SqliteCommand { CommandText = "SELECT * FROM contents t JOIN audio_generations a ON a.task_id = t.title", Connection = connection };
            }
        }
        """.Replace("a.task_id", "a.{|OSQL010:task_id|}"));

    [Fact]
    public Task Or_is_served_only_when_every_branch_is() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM contents WHERE campaign_id = 1 OR id = 2", connection);
                using var b = new SqliteCommand("SELECT * FROM contents WHERE campaign_id = 1 OR {|OSQL010:title|} = 'x'", connection);
                using var c = new SqliteCommand("SELECT * FROM contents WHERE campaign_id = 1 AND title = 'x'", connection);
            }
        }
        """);

    [Fact]
    public Task Multi_column_predicate_is_one_diagnostic_naming_both_columns()
    {
        var test = SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
            class Queries
            {
                void Run(SqliteConnection connection)
                {
                    using var command = new SqliteCommand("SELECT * FROM campaigns WHERE {|OSQL010:status|} = 'active' AND client_id = @c", connection);
                }
            }
            """);
        return test;
    }

    [Fact]
    public Task Schema_from_create_statements_and_sql_additional_files() => SqlRuleVerifier.VerifyAsync("OSQL010", """
        class Queries
        {
            const string Ddl = "CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT, owner TEXT); CREATE INDEX ix_jobs_state ON jobs (state);";
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM jobs WHERE state = 'queued'", connection);
                using var b = new SqliteCommand("SELECT * FROM jobs WHERE {|OSQL010:owner|} = @o", connection);
                using var c = new SqliteCommand("SELECT * FROM files WHERE path = @p", connection);
                using var d = new SqliteCommand("SELECT * FROM files WHERE {|OSQL010:size|} > 10", connection);
            }
        }
        """, null, ("/schema/files.sql", "CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT UNIQUE, size INTEGER);"));

    [Fact]
    public Task Unknown_tables_non_constant_sql_and_non_sql_strings_stay_silent() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """
        class Queries
        {
            void Run(SqliteConnection connection, string where)
            {
                using var a = new SqliteCommand("SELECT * FROM unknown_table WHERE x = 1", connection);
                using var b = new SqliteCommand("SELECT * FROM campaigns WHERE " + where, connection);
                var text = "SELECT * FROM campaigns WHERE client_id = 1";
                using var c = new SqliteCommand("SELECT * FROM campaigns WHERE (", connection);
                using var d = new SqliteCommand("PRAGMA journal_mode=WAL", connection);
            }
        }
        """);

    [Fact]
    public async Task No_diagnostics_without_microsoft_data_sqlite()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SqlAnalyzer, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = """
                using System.Data.Common;
                class Queries
                {
                    void Run(DbCommand command) { command.CommandText = "CREATE TABLE t (a INT); SELECT * FROM t WHERE a = 1"; }
                }
                """,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All.Where(r => !(r.Display ?? "").Contains("Sqlite")));
        await test.RunAsync();
    }

    [Fact]
    public Task Update_and_delete_are_checked() => SqlRuleVerifier.VerifyAsync("OSQL010", Entities + """""
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("UPDATE audio_generations SET content_id = 1 WHERE {|OSQL010:task_id|} = @t", connection);
                using var b = new SqliteCommand("DELETE FROM contents WHERE campaign_id = @c", connection);
                using var c = new SqliteCommand(@"DELETE FROM audio_generations
                    WHERE {|OSQL010:content_id|} = @c", connection);
                using var d = new SqliteCommand(""""
                    SELECT * FROM audio_generations
                    WHERE id > 5 AND task_id = 'x' OR {|OSQL010:content_id|} = 3
                    """", connection);
            }
        }
        """"");
}
