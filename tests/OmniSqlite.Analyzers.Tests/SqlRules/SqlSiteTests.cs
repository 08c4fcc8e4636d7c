using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

/// <summary>Where SQL is found: every shape of SQL site the one SQL analyzer follows, with near misses.</summary>
public class SqlSiteTests
{
    // Until the runtime ships OmniSqlite.QueryAttribute the tests declare their own with the same metadata name.
    private const string QueryAttribute = """

        namespace OmniSqlite
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class QueryAttribute : System.Attribute { public QueryAttribute(string sql) { } }
        }

        """;

    [Fact]
    public Task Query_attribute_sql_is_checked_by_the_index_and_name_rules() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + QueryAttribute + """
        static class Queries
        {
            [Query("SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = @clientId")]
            public static void ByClient(SqliteConnection connection, long clientId) { }

            [Query("SELECT * FROM contents WHERE campaign_id = @campaignId")]
            public static void ByCampaign(SqliteConnection connection, long campaignId) { }
        }
        """);

    [Fact]
    public Task Query_attribute_sql_with_a_misspelt_column_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + QueryAttribute + """
        static class Queries
        {
            [Query("SELECT * FROM campaigns WHERE {|OSQL013:clent_id|} = @clientId")]
            public static void ByClient(SqliteConnection connection, long clientId) { }
        }
        """);

    // The two-project test's shape: the command type is named only in the return type of an expression-bodied method.
    [Fact]
    public Task A_target_typed_command_named_only_in_the_return_type_is_checked() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + """
        static class Queries
        {
            public static SqliteCommand ByClient(SqliteConnection connection) => new("SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = @c", connection);
            public static SqliteCommand ByCampaign(SqliteConnection connection) => new("SELECT * FROM contents WHERE campaign_id = @c", connection);
        }
        """);

    [Fact]
    public Task Sql_through_a_helper_one_level_deep_is_checked_at_the_caller() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + """
        static class Db
        {
            public static SqliteDataReader ExecuteSingleReader(this SqliteConnection connection, string sql, long id)
            {
                var command = connection.CreateCommand();
                command.CommandText = sql;
                command.Parameters.AddWithValue("@id", id);
                return command.ExecuteReader();
            }
        }
        class Queries
        {
            void Run(SqliteConnection connection)
            {
                using var a = connection.ExecuteSingleReader("SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = @id", 1);
                using var b = connection.ExecuteSingleReader("SELECT * FROM contents WHERE campaign_id = @id", 1);
            }
        }
        """);

    [Fact]
    public Task Sql_through_a_helper_two_levels_deep_is_checked_at_the_caller() => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + """
        class Repository
        {
            private readonly SqliteConnection _connection;
            public Repository(SqliteConnection connection) { _connection = connection; }
            private SqliteCommand Command(string commandSql) => new SqliteCommand(commandSql, _connection);
            protected long Scalar(string text, string label) { using var command = Command(text); return (long)command.ExecuteScalar()!; }
            public long Count() => Scalar("SELECT count(*) FROM campaigns WHERE {|OSQL013:clent_id|} = 1", "not sql: SELECT nothing FROM nowhere");
        }
        """);

    // The analyzer binds only code blocks whose text names a sink word or a helper's name: a caller that names neither
    // Command, Query nor Execute is still found through the helpers' names, to the last level.
    [Fact]
    public Task A_caller_naming_only_a_helper_whose_name_has_no_sink_word_is_checked() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + """
        class Store
        {
            private readonly SqliteConnection _connection;
            public Store(SqliteConnection connection) { _connection = connection; }
            private long Run(string text) { using var command = _connection.CreateCommand(); command.CommandText = text; return (long)command.ExecuteScalar()!; }
            private long Fetch(string statement) => Run(statement);
            private long Total(string statement, int scale) => Fetch(statement) * scale;
            public long ByClient() => Total("SELECT count(*) FROM campaigns WHERE {|OSQL010:client_id|} = 1", 2);
            public long ByCampaign() => Fetch("SELECT count(*) FROM contents WHERE campaign_id = 1");
            // Near miss: a method of the same shape whose parameter goes nowhere near a command.
            private static long Measure(string statement) => statement.Length;
            public long Length() => Measure("SELECT count(*) FROM campaigns WHERE client_id = 1");
        }
        """);

    [Fact]
    public Task A_string_parameter_that_never_reaches_a_command_is_not_a_sink() => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + """
        class Log
        {
            static void Write(string message) => System.Console.WriteLine(message);
            void Run() => Write("SELECT * FROM campaigns WHERE clent_id = 1");
        }
        """);

    [Fact]
    public Task Configured_sql_methods_in_binaries_are_sinks() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + """
        namespace Vendor.Data
        {
            public static class Db
            {
                // Stands in for a method in a binary: its body does not show where the SQL goes.
                public static int Run(object connection, string query, int timeout = 30) => timeout;
            }
        }
        class Queries
        {
            void Run(SqliteConnection connection) => Vendor.Data.Db.Run(connection, "SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = 1");
        }
        """, editorConfig: "omnisqlite.sql_methods = Vendor.Data.Db.Run, Other.Type.Method\n");

    [Fact]
    public Task Const_and_static_readonly_sql_fields_are_traced_to_their_use() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + """
        class Queries
        {
            private const string ByClient = "SELECT * FROM campaigns WHERE client_id = @id";
            private static readonly string ByStatus = "SELECT * FROM campaigns WHERE status = @s";
            private static readonly string ByCampaign = "SELECT * FROM contents WHERE campaign_id = @id";
            void Run(SqliteConnection connection)
            {
                const string local = "SELECT * FROM audio_generations WHERE task_id = @t";
                using var a = new SqliteCommand({|OSQL010:ByClient|}, connection);
                using var b = new SqliteCommand({|OSQL010:ByStatus|}, connection);
                using var c = new SqliteCommand(ByCampaign, connection);
                using var d = new SqliteCommand({|OSQL010:local|}, connection);
            }
        }
        """);

    [Fact]
    public Task Static_readonly_constant_pieces_are_not_injection() => SqlRuleVerifier.VerifyAsync("OSQL014", """
        class Queries
        {
            private static readonly string Table = "t";
            private static string Mutable = "t";
            void Run(SqliteConnection connection)
            {
                using var a = new SqliteCommand("SELECT * FROM " + Table, connection);
                using var b = new SqliteCommand("SELECT * FROM " + {|OSQL014:Mutable|}, connection);
            }
        }
        """);

    private const string DapperCommandDefinition = """

        namespace Dapper
        {
            public struct CommandDefinition
            {
                public CommandDefinition(string commandText, object? parameters = null, System.Data.IDbTransaction? transaction = null,
                    int? commandTimeout = null, System.Data.CommandType? commandType = null, System.Threading.CancellationToken cancellationToken = default) { }
            }
            public static class SqlMapper
            {
                public static IEnumerable<T> Query<T>(this IDbConnection cnn, CommandDefinition command) => new List<T>();
            }
        }

        """;

    [Fact]
    public Task CommandDefinition_sql_is_analysed() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + DapperCommandDefinition + """
        class Queries
        {
            void Run(SqliteConnection connection, System.Threading.CancellationToken ct)
            {
                var rows = Dapper.SqlMapper.Query<long>(connection, new Dapper.CommandDefinition("SELECT id FROM campaigns WHERE {|OSQL010:client_id|} = @c", new { c = 1 }, cancellationToken: ct));
                var definition = new Dapper.CommandDefinition("SELECT id FROM contents WHERE campaign_id = @c", new { c = 1 });
            }
        }
        """);

    private const string OtherProvider = """

        namespace OtherProvider
        {
            // A non-SQLite provider's command and connection (SQL Server, say).
            public sealed class OtherCommand : System.Data.Common.DbCommand
            {
                public override string CommandText { get; set; } = "";
                public override int CommandTimeout { get; set; }
                public override System.Data.CommandType CommandType { get; set; }
                public override bool DesignTimeVisible { get; set; }
                public override System.Data.UpdateRowSource UpdatedRowSource { get; set; }
                protected override System.Data.Common.DbConnection? DbConnection { get; set; }
                protected override System.Data.Common.DbParameterCollection DbParameterCollection => null!;
                protected override System.Data.Common.DbTransaction? DbTransaction { get; set; }
                public override void Cancel() { }
                public override int ExecuteNonQuery() => 0;
                public override object? ExecuteScalar() => null;
                public override void Prepare() { }
                protected override System.Data.Common.DbParameter CreateDbParameter() => null!;
                protected override System.Data.Common.DbDataReader ExecuteDbDataReader(System.Data.CommandBehavior behavior) => null!;
            }
        }

        """;

    [Fact]
    public Task Another_providers_command_is_left_alone() => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + OtherProvider + """
        class Queries
        {
            void Run(SqliteConnection sqlite, System.Data.Common.DbCommand unknownOrigin)
            {
                using var tsql = new OtherProvider.OtherCommand { CommandText = "SELECT TOP 1 * FROM campaigns WHERE clent_id = 1" };
                var other = new OtherProvider.OtherCommand();
                other.CommandText = "SELECT * FROM campaigns WHERE clent_id = 1";
                System.Data.Common.DbCommand viaBase = new OtherProvider.OtherCommand();
                viaBase.CommandText = "SELECT * FROM campaigns WHERE clent_id = 1";

                System.Data.Common.DbCommand fromSqlite = sqlite.CreateCommand();
                fromSqlite.CommandText = "SELECT * FROM campaigns WHERE {|OSQL013:clent_id|} = 1";
                unknownOrigin.CommandText = "SELECT * FROM campaigns WHERE {|OSQL013:clent_id|} = 2";
            }
        }
        """);
}
