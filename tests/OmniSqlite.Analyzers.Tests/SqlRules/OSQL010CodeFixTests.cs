using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using OmniSqlite.CodeFixes;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

public class OSQL010CodeFixTests
{
    private const string Campaign = """
        [Table("campaigns")]
        public sealed class Campaign
        {
            [PrimaryKey, AutoIncrement] public long Id { get; set; }
            public long ClientId { get; set; }
            [Column("state")] public string Status { get; set; } = "";
        }

        """;

    [Fact]
    public Task Adds_Indexed_to_the_member_the_seed_query_filters_on() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", 
        Campaign + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = $clientId";
            }
        }
        """,
        Campaign.Replace("    public long ClientId", "    [Indexed] public long ClientId") + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT * FROM campaigns WHERE client_id = $clientId";
            }
        }
        """);

    [Fact]
    public Task Joins_an_existing_attribute_list() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", 
        Campaign + """
        class Queries
        {
            void Run(SqliteConnection connection) { var rows = connection.Query<Campaign>("SELECT * FROM campaigns WHERE {|OSQL010:state|} = @s"); }
        }
        """,
        Campaign.Replace("[Column(\"state\")]", "[Column(\"state\"), Indexed]") + """
        class Queries
        {
            void Run(SqliteConnection connection) { var rows = connection.Query<Campaign>("SELECT * FROM campaigns WHERE state = @s"); }
        }
        """);

    [Fact]
    public Task Multi_column_predicate_adds_a_composite_Index_on_the_class() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", 
        Campaign + """
        class Queries
        {
            void Run(SqliteConnection connection) { using var c = new SqliteCommand("SELECT * FROM campaigns WHERE {|OSQL010:state|} = @s AND client_id = @c", connection); }
        }
        """,
        Campaign.Replace("[Table(\"campaigns\")]\n", "[Table(\"campaigns\")]\n[Index(nameof(Status), nameof(ClientId))]\n") + """
        class Queries
        {
            void Run(SqliteConnection connection) { using var c = new SqliteCommand("SELECT * FROM campaigns WHERE state = @s AND client_id = @c", connection); }
        }
        """);

    [Fact]
    public Task Fix_all_adds_each_index_once() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", 
        Campaign + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = 1", connection);
                using var b = new SqliteCommand("DELETE FROM campaigns WHERE {|OSQL010:client_id|} = 2", connection);
                using var c = new SqliteCommand("SELECT id FROM campaigns WHERE {|OSQL010:state|} = 'x'", connection);
            }
        }
        """,
        Campaign.Replace("    public long ClientId", "    [Indexed] public long ClientId").Replace("[Column(\"state\")]", "[Column(\"state\"), Indexed]") + """
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM campaigns WHERE client_id = 1", connection);
                using var b = new SqliteCommand("DELETE FROM campaigns WHERE client_id = 2", connection);
                using var c = new SqliteCommand("SELECT id FROM campaigns WHERE state = 'x'", connection);
            }
        }
        """, incrementalIterations: 2, fixAllIterations: 1);

    [Fact]
    public Task No_fix_for_a_table_that_only_sql_knows() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", 
        """
        class Queries
        {
            const string Ddl = "CREATE TABLE jobs (id INTEGER PRIMARY KEY, owner TEXT)";
            void Run(SqliteConnection connection) { using var c = new SqliteCommand("SELECT * FROM jobs WHERE {|OSQL010:owner|} = @o", connection); }
        }
        """,
        """
        class Queries
        {
            const string Ddl = "CREATE TABLE jobs (id INTEGER PRIMARY KEY, owner TEXT)";
            void Run(SqliteConnection connection) { using var c = new SqliteCommand("SELECT * FROM jobs WHERE {|OSQL010:owner|} = @o", connection); }
        }
        """);
}

public class OSQL010CodeFixRecordTests
{
    [Fact]
    public Task Positional_record_parameter_gets_a_property_targeted_attribute() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", """
        [Table("jobs")]
        public sealed record Job([property: PrimaryKey] long Id, string Owner);
        class Queries
        {
            void Run(SqliteConnection connection) { using var c = new SqliteCommand($"SELECT * FROM jobs WHERE {|OSQL010:owner|} = @o", connection); }
        }
        """, """
        [Table("jobs")]
        public sealed record Job([property: PrimaryKey] long Id, [property: Indexed] string Owner);
        class Queries
        {
            void Run(SqliteConnection connection) { using var c = new SqliteCommand($"SELECT * FROM jobs WHERE owner = @o", connection); }
        }
        """);

    [Fact]
    public Task Entity_in_another_namespace_with_qualified_attributes() => SqlRuleVerifier.VerifyFixAsync<AddIndexCodeFixProvider>("OSQL010", """
        namespace App.Data
        {
            [OmniSqlite.Table("jobs")]
            public sealed class Job
            {
                [OmniSqlite.PrimaryKey] public long Id { get; set; }
                public string Owner { get; set; } = "";
            }
        }
        class Queries
        {
            void Run(SqliteConnection connection) { using var c = new SqliteCommand("SELECT * FROM jobs WHERE {|OSQL010:owner|} = @o", connection); }
        }
        """, """
        namespace App.Data
        {
            [OmniSqlite.Table("jobs")]
            public sealed class Job
            {
                [OmniSqlite.PrimaryKey] public long Id { get; set; }
                [Indexed] public string Owner { get; set; } = "";
            }
        }
        class Queries
        {
            void Run(SqliteConnection connection) { using var c = new SqliteCommand("SELECT * FROM jobs WHERE owner = @o", connection); }
        }
        """);
}
