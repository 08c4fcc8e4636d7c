using Xunit;
using Verifier = OmniSqlite.Analyzers.Tests.Infrastructure.ConnectionRuleVerifier<
    OmniSqlite.Analyzers.Analyzers.UnsafePragmaAnalyzer, OmniSqlite.CodeFixes.UnsafePragmaCodeFix>;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>OSQL002: PRAGMA values that trade durability or safety away.</summary>
public class OSQL002Tests
{
    [Fact]
    public Task Unsafe_values_in_sql_text_are_reported() => Verifier.VerifyAnalyzerAsync("""
        using Microsoft.Data.Sqlite;

        class Setup
        {
            void Run(SqliteConnection connection)
            {
                var command = connection.CreateCommand();
                command.CommandText = {|OSQL002:"PRAGMA synchronous=OFF"|};
                command.CommandText = {|OSQL002:"pragma synchronous = 0;"|};
                command.CommandText = {|OSQL002:"PRAGMA journal_mode = memory"|};
                command.CommandText = {|OSQL002:@"PRAGMA main.journal_mode='OFF'"|};
                new SqliteCommand({|OSQL002:"PRAGMA synchronous(OFF)"|}, connection).ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Each_unsafe_pragma_of_a_multi_statement_raw_string_is_reported() => Verifier.VerifyAnalyzerAsync(""""
        class Setup
        {
            const string Script = {|OSQL002:{|OSQL002:"""
                PRAGMA journal_mode = OFF; -- bulk load
                PRAGMA synchronous = OFF;
                PRAGMA cache_size = -64000;
                """|}|};
        }
        """");

    [Fact]
    public Task Constant_folding_reports_the_whole_expression_once() => Verifier.VerifyAnalyzerAsync("""
        class Setup
        {
            const string Prefix = "PRAGMA synchronous=";
            const string Off = "OFF";
            const int Zero = 0;

            string A() => {|OSQL002:Prefix + Off|};
            string B() => {|OSQL002:$"PRAGMA journal_mode={"MEMORY"}"|};
            string C() => {|OSQL002:$"PRAGMA synchronous={Zero}"|};
            string D() => {|OSQL002:"PRAGMA journal_mode=WAL;" + "PRAGMA synchronous=" + "OFF"|};
            const string E = {|OSQL002:Prefix + "0"|};
        }
        """);

    // Only blocks whose text holds "pragma" (or a profile enum's name) are bound, and the names of constants that hold it:
    // a method folding constants of another class, whose own text has no PRAGMA in it, is still checked.
    [Fact]
    public Task Constants_of_another_class_are_folded_where_they_are_joined() => Verifier.VerifyAnalyzerAsync("""
        static class Pragmas
        {
            public const string Prefix = "PRAGMA synchronous=";
            public const string Off = "OFF";
            public const string Normal = "NORMAL";
        }

        class Setup
        {
            string A() => {|OSQL002:Pragmas.Prefix + Pragmas.Off|};
            string B() => Pragmas.Prefix + Pragmas.Normal;
            string C() => Pragmas.Off + " and nothing else";
        }
        """);

    [Fact]
    public Task Profile_configured_with_unsafe_values_is_reported() => Verifier.VerifyAnalyzerAsync("""
        using OmniSqlite;

        class Setup
        {
            SqliteProfile A() => SqliteProfile.Production.WithSynchronous({|OSQL002:SqliteSynchronous.Off|});
            SqliteProfile B() => SqliteProfile.Production.WithJournalMode({|OSQL002:SqliteJournalMode.Memory|});
            SqliteProfile C() => SqliteProfile.Default.WithJournalMode({|OSQL002:SqliteJournalMode.Off|});
            SqliteProfile D() => SqliteProfile.Default.WithPragma("synchronous", {|OSQL002:"off"|});
            SqliteProfile E() => SqliteProfile.Default.WithPragma(value: {|OSQL002:"memory"|}, name: "JOURNAL_MODE");
        }
        """);

    [Fact]
    public Task Safe_values_reads_mentions_and_run_time_text_are_not_reported() => Verifier.VerifyAnalyzerAsync("""
        using System;
        using OmniSqlite;

        class Setup
        {
            void Run(string mode, SqliteProfile profile)
            {
                Use("PRAGMA synchronous=NORMAL; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL");
                Use("PRAGMA synchronous");                                  // a read
                Use("Never run PRAGMA synchronous=OFF in production");     // a sentence, not a statement
                Use("SELECT 1; -- PRAGMA synchronous=OFF");                // a comment
                Use("SELECT 'x; PRAGMA journal_mode=OFF'");                // inside a SQL string literal
                Use("PRAGMA synchronous=" + mode);                         // built at run time
                Use("PRAGMA locking_mode=EXCLUSIVE");                      // opt-in only
                Use("PRAGMA temp_store=MEMORY");                           // memory is fine for temp tables
                bool off = profile.Synchronous == SqliteSynchronous.Off;   // a comparison, not configuration
                profile.WithSynchronous(SqliteSynchronous.Normal).WithJournalMode(SqliteJournalMode.Wal);
                profile.WithPragma("journal_mode", "wal");
            }

            void Use(string sql) { }
        }
        """);

    [Fact]
    public Task Exclusive_locking_mode_is_reported_when_enabled() => Verifier.VerifyAnalyzerAsync("""
        class Setup
        {
            const string Sql = {|OSQL002:"PRAGMA locking_mode = EXCLUSIVE"|};
        }
        """, editorConfig: "omnisqlite.report_exclusive_locking_mode = true");

    [Fact]
    public Task Fix_writes_the_safe_value_in_a_literal() => Verifier.VerifyFixAsync("""
        class Setup
        {
            const string A = {|OSQL002:"PRAGMA synchronous = off;"|};
            const string B = {|OSQL002:@"PRAGMA journal_mode='MEMORY'"|};
        }
        """, """
        class Setup
        {
            const string A = "PRAGMA synchronous = NORMAL;";
            const string B = @"PRAGMA journal_mode='WAL'";
        }
        """);

    [Fact]
    public Task Fix_handles_two_unsafe_pragmas_in_one_raw_string() => Verifier.VerifyFixAsync(""""
        class Setup
        {
            const string Script = {|OSQL002:{|OSQL002:"""
                PRAGMA journal_mode = OFF;
                PRAGMA synchronous = 0;
                """|}|};
        }
        """", """"
        class Setup
        {
            const string Script = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                """;
        }
        """");

    [Fact]
    public Task Fix_in_concatenation_and_interpolation_pieces() => Verifier.VerifyFixAsync("""
        class Setup
        {
            const int Size = -64000;
            const string A = {|OSQL002:"PRAGMA cache_size=-64000; " + "PRAGMA synchronous=OFF"|};
            string B() => {|OSQL002:$"PRAGMA journal_mode=OFF; PRAGMA cache_size={Size}"|};
        }
        """, """
        class Setup
        {
            const int Size = -64000;
            const string A = "PRAGMA cache_size=-64000; " + "PRAGMA synchronous=NORMAL";
            string B() => $"PRAGMA journal_mode=WAL; PRAGMA cache_size={Size}";
        }
        """);

    [Fact]
    public Task No_fix_when_the_value_is_split_across_pieces() => Verifier.VerifyFixAsync("""
        class Setup
        {
            const string Prefix = "PRAGMA synchronous=";
            const string A = {|OSQL002:Prefix + "OFF"|};
        }
        """, """
        class Setup
        {
            const string Prefix = "PRAGMA synchronous=";
            const string A = {|OSQL002:Prefix + "OFF"|};
        }
        """);

    [Fact]
    public Task Fix_and_FixAll_for_profile_values() => Verifier.VerifyFixAsync("""
        using OmniSqlite;

        class Setup
        {
            SqliteProfile A() => SqliteProfile.Production
                .WithSynchronous({|OSQL002:SqliteSynchronous.Off|})
                .WithJournalMode({|OSQL002:SqliteJournalMode.Memory|})
                .WithPragma("synchronous", {|OSQL002:"0"|});

            string B() => {|OSQL002:"PRAGMA journal_mode=OFF"|};
        }
        """, """
        using OmniSqlite;

        class Setup
        {
            SqliteProfile A() => SqliteProfile.Production
                .WithSynchronous(SqliteSynchronous.Normal)
                .WithJournalMode(SqliteJournalMode.Wal)
                .WithPragma("synchronous", "normal");

            string B() => "PRAGMA journal_mode=WAL";
        }
        """);
}
