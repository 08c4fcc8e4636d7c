using System.Collections.Immutable;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>
/// Minimal declarations of the OmniSqlite runtime types the connection rules match by name, for test
/// compilations only, while the runtime does not have them yet. Each one is added only when the real
/// OmniSqlite.dll lacks the type, so once the runtime lands the tests compile against the real API.
/// </summary>
public static class OmniSqliteStandIns
{
    private static readonly (string TypeName, string Source)[] s_types =
    {
        ("OmniSqlite.SqliteJournalMode", "public enum SqliteJournalMode { Delete, Truncate, Persist, Memory, Wal, Off }"),
        ("OmniSqlite.SqliteSynchronous", "public enum SqliteSynchronous { Off = 0, Normal = 1, Full = 2, Extra = 3 }"),
        ("OmniSqlite.SqliteProfile", """
            public sealed class SqliteProfile
            {
                public static SqliteProfile Production { get; } = new SqliteProfile();
                public static SqliteProfile Default { get; } = new SqliteProfile();
                public SqliteJournalMode JournalMode { get; private set; }
                public SqliteSynchronous Synchronous { get; private set; }
                public SqliteProfile WithJournalMode(SqliteJournalMode value) => this;
                public SqliteProfile WithSynchronous(SqliteSynchronous value) => this;
                public SqliteProfile WithPragma(string name, string value) => this;
                public Microsoft.Data.Sqlite.SqliteConnection Open(string connectionString) => new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
                public System.Threading.Tasks.Task<Microsoft.Data.Sqlite.SqliteConnection> OpenAsync(string connectionString, System.Threading.CancellationToken ct = default)
                    => System.Threading.Tasks.Task.FromResult(Open(connectionString));
            }
            """),
        ("OmniSqlite.SqliteProfileExtensions", """
            public static class SqliteProfileExtensions
            {
                public static object ApplyProfile(this Microsoft.Data.Sqlite.SqliteConnection connection, SqliteProfile profile) => profile;
                public static System.Threading.Tasks.Task<object> ApplyProfileAsync(this Microsoft.Data.Sqlite.SqliteConnection connection, SqliteProfile profile, System.Threading.CancellationToken ct = default)
                    => System.Threading.Tasks.Task.FromResult<object>(profile);
            }
            """),
        ("OmniSqlite.BackupOptions", """
            public sealed class BackupOptions
            {
                public string Directory { get; set; } = "";
                public int Keep { get; set; }
            }
            """),
        ("OmniSqlite.SqliteBackups", """
            public sealed class SqliteBackups
            {
                public SqliteBackups(BackupOptions options) { }
            }
            """),
    };

    /// <summary>One source file declaring the missing types (empty when the runtime has them all).</summary>
    public static ImmutableArray<(string FileName, string Source)> Sources { get; } = Build();

    private static ImmutableArray<(string, string)> Build()
    {
        var runtime = typeof(OmniSqlite.TableAttribute).Assembly;
        var missing = s_types.Where(t => runtime.GetType(t.TypeName) is null).Select(t => t.Source).ToList();
        if (missing.Count == 0) return ImmutableArray<(string, string)>.Empty;
        string source = "namespace OmniSqlite\n{\n" + string.Join("\n", missing) + "\n}\n";
        return ImmutableArray.Create(("/0/OmniSqliteStandIns.cs", source));
    }
}
