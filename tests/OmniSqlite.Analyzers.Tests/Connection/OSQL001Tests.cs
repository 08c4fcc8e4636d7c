using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.CodeFixes;
using Xunit;
using Verifier = OmniSqlite.Analyzers.Tests.Infrastructure.ConnectionRuleVerifier<
    OmniSqlite.Analyzers.Analyzers.MissingConnectionSetupAnalyzer, OmniSqlite.CodeFixes.MissingConnectionSetupCodeFix>;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>OSQL001: a connection opened and used without the PRAGMA setup.</summary>
public class OSQL001Tests
{
    [Fact]
    public Task Open_then_CreateCommand_is_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            int Count()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM items";
                return (int)(long)command.ExecuteScalar()!;
            }
        }
        """);

    // Only blocks with a new ...Connection(...) or a target-typed new(...) are bound: both shapes are still seen.
    [Fact]
    public Task Target_typed_and_qualified_creations_are_reported() => Verifier.VerifyAnalyzerAsync("""
        class Store
        {
            long A()
            {
                Microsoft.Data.Sqlite.SqliteConnection connection = new("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                using var command = connection.CreateCommand();
                return (long)command.ExecuteScalar()!;
            }

            long B()
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                using var command = connection.CreateCommand();
                return (long)command.ExecuteScalar()!;
            }

            long C()
            {
                Microsoft.Data.Sqlite.SqliteConnection? connection = new("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                using var command = connection.CreateCommand();
                return (long)command.ExecuteScalar()!;
            }

            long D()
            {
                Microsoft.Data.Sqlite.SqliteConnection connection;
                var unused = new System.Collections.Generic.List<int>();
                connection = new("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                using var command = connection.CreateCommand();
                return (long)command.ExecuteScalar()!;
            }
        }
        """);

    [Fact]
    public Task OpenAsync_then_extension_method_is_reported() => Verifier.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;

        static class DapperLike
        {
            public static Task<int> ExecuteAsync(this SqliteConnection connection, string sql) => Task.FromResult(0);
        }

        class Store
        {
            async Task Touch()
            {
                await using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                await {|OSQL001:connection.OpenAsync()|}.ConfigureAwait(false);
                await connection.ExecuteAsync("UPDATE items SET seen = 1");
            }
        }
        """);

    [Fact]
    public Task Connection_given_to_a_command_or_repository_is_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Repository { public Repository(SqliteConnection connection) { } }

        class Store
        {
            void Run()
            {
                using (var connection = new SqliteConnection("Data Source=/var/lib/app/app.db"))
                {
                    {|OSQL001:connection.Open()|};
                    using var command = new SqliteCommand("DELETE FROM items", connection);
                    command.ExecuteNonQuery();
                }
            }

            Repository Create()
            {
                var db = new SqliteConnection("Data Source=/var/lib/app/app.db");
                {|OSQL001:db.Open()|};
                return new Repository(db);
            }
        }
        """);

    [Fact]
    public Task Factory_that_opens_and_returns_without_setup_is_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        static class Db
        {
            public static SqliteConnection Open(string path)
            {
                var connection = new SqliteConnection("Data Source=" + path);
                {|OSQL001:connection.Open()|};
                return connection;
            }
        }
        """);

    [Fact]
    public Task Setup_applied_is_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            void ApplyProfile()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                connection.ApplyProfile(SqliteProfile.Production);
                connection.CreateCommand().ExecuteNonQuery();
            }

            void ProfileOpen()
            {
                using var connection = SqliteProfile.Production.Open("Data Source=/var/lib/app/app.db");
                connection.CreateCommand().ExecuteNonQuery();
            }

            async System.Threading.Tasks.Task Async()
            {
                await using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                await connection.OpenAsync();
                await connection.ApplyProfileAsync(SqliteProfile.Production);
                await connection.CreateCommand().ExecuteNonQueryAsync();
            }

            void StaticForm()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                SqliteProfileExtensions.ApplyProfile(connection, SqliteProfile.Default);
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Pragma_setup_in_command_text_is_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            const string Setup = "PRAGMA busy_timeout = 5000;";

            void JournalMode()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
                pragma.ExecuteNonQuery();
                connection.CreateCommand().ExecuteNonQuery();
            }

            void BusyTimeoutFromConst()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                new SqliteCommand(Setup, connection).ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Connections_from_parameters_fields_and_factories_are_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            private readonly SqliteConnection _connection = new SqliteConnection("Data Source=/var/lib/app/app.db");

            static SqliteConnection Create() => new SqliteConnection("Data Source=/var/lib/app/app.db");

            void FromParameter(SqliteConnection connection)
            {
                connection.Open();
                connection.CreateCommand().ExecuteNonQuery();
            }

            void FromField()
            {
                _connection.Open();
                _connection.CreateCommand().ExecuteNonQuery();
            }

            void FromFactory()
            {
                using var connection = Create();
                connection.Open();
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Opened_but_not_used_or_used_but_not_opened_is_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            void OpenOnly()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                var state = connection.State;
                connection.Close();
            }

            SqliteCommand CommandOnly()
            {
                var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                return connection.CreateCommand();
            }
        }
        """);

    [Fact]
    public Task Configured_factories_are_trusted() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        namespace App.Data
        {
            static class Db
            {
                public static SqliteConnection Create(string cs)
                {
                    var connection = new SqliteConnection(cs);
                    connection.Open();
                    Configure(connection);
                    return connection;
                }

                public static void Configure(SqliteConnection connection) { }
            }

            class Store
            {
                void Run()
                {
                    using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                    connection.Open();
                    Db.Configure(connection);
                    connection.CreateCommand().ExecuteNonQuery();
                }
            }
        }
        """, editorConfig: "omnisqlite.connection_factories = App.Data.Db.Create, Db.Configure");

    [Fact]
    public Task Unconfigured_helper_does_not_count_as_setup() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        static class Db
        {
            public static void Configure(SqliteConnection connection) { }

            public static void Run()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                Configure(connection);
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Fix_inserts_ApplyProfile_after_Open_and_the_using() => Verifier.VerifyFixAsync("""
        using System;
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """, """
        using System;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            void Run()
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                connection.ApplyProfile(SqliteProfile.Production);
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Fix_after_awaited_OpenAsync_awaits_ApplyProfileAsync_and_keeps_an_existing_using() => Verifier.VerifyFixAsync("""
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            async Task Run()
            {
                await using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                await {|OSQL001:connection.OpenAsync()|}.ConfigureAwait(false);
                await connection.CreateCommand().ExecuteNonQueryAsync();
            }
        }
        """, """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            async Task Run()
            {
                await using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                await connection.OpenAsync().ConfigureAwait(false);
                await connection.ApplyProfileAsync(SqliteProfile.Production).ConfigureAwait(false);
                await connection.CreateCommand().ExecuteNonQueryAsync();
            }
        }
        """);

    [Fact]
    public Task Fix_after_plain_await() => Verifier.VerifyFixAsync("""
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;

        class Store
        {
            async Task Run()
            {
                await using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                await {|OSQL001:connection.OpenAsync()|};
                await connection.CreateCommand().ExecuteNonQueryAsync();
            }
        }
        """, """
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            async Task Run()
            {
                await using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                await connection.OpenAsync();
                await connection.ApplyProfileAsync(SqliteProfile.Production);
                await connection.CreateCommand().ExecuteNonQueryAsync();
            }
        }
        """);

    [Fact]
    public Task Fix_adds_the_first_using_above_a_file_scoped_namespace() => Verifier.VerifyFixAsync("""
        // Store access.
        namespace App.Data;

        class Store
        {
            void Run()
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=/var/lib/app/app.db");
                {|OSQL001:connection.Open()|};
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """, """
        // Store access.
        using OmniSqlite;

        namespace App.Data;

        class Store
        {
            void Run()
            {
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=/var/lib/app/app.db");
                connection.Open();
                connection.ApplyProfile(SqliteProfile.Production);
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task FixAll_fixes_every_connection_and_adds_one_using() => Verifier.VerifyFixAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            void A()
            {
                using var first = new SqliteConnection("Data Source=/var/lib/app/a.db");
                {|OSQL001:first.Open()|};
                first.CreateCommand().ExecuteNonQuery();
            }

            SqliteConnection B()
            {
                var second = new SqliteConnection("Data Source=/var/lib/app/b.db");
                // opened here, handed out below
                {|OSQL001:second.Open()|};
                return second;
            }
        }
        """, """
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        class Store
        {
            void A()
            {
                using var first = new SqliteConnection("Data Source=/var/lib/app/a.db");
                first.Open();
                first.ApplyProfile(SqliteProfile.Production);
                first.CreateCommand().ExecuteNonQuery();
            }

            SqliteConnection B()
            {
                var second = new SqliteConnection("Data Source=/var/lib/app/b.db");
                // opened here, handed out below
                second.Open();
                second.ApplyProfile(SqliteProfile.Production);
                return second;
            }
        }
        """);

    [Fact]
    public Task No_fix_when_Open_is_not_a_statement_of_its_own() => Verifier.VerifyFixAsync("""
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run(bool open)
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                if (open) {|OSQL001:connection.Open()|};
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """, """
        using Microsoft.Data.Sqlite;

        class Store
        {
            void Run(bool open)
            {
                using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
                if (open) {|OSQL001:connection.Open()|};
                connection.CreateCommand().ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Fix_in_top_level_statements() => Verifier.VerifyFixAsync("""
        using Microsoft.Data.Sqlite;

        using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
        {|OSQL001:connection.Open()|};
        connection.CreateCommand().ExecuteNonQuery();
        """, """
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        using var connection = new SqliteConnection("Data Source=/var/lib/app/app.db");
        connection.Open();
        connection.ApplyProfile(SqliteProfile.Production);
        connection.CreateCommand().ExecuteNonQuery();
        """, outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
}
