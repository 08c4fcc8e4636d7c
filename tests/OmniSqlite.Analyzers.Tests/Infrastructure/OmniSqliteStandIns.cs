using System.Collections.Immutable;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>
/// Minimal declarations of the OmniSqlite runtime types the connection rules match by name, for test
/// compilations only, while the runtime does not have them yet (the profile types are real now; the backups
/// types are still being written). Each one is added only when the real OmniSqlite.dll lacks the type, so the
/// tests switch to the real API as soon as it lands; then delete its entry here.
/// </summary>
public static class OmniSqliteStandIns
{
    private static readonly (string TypeName, string Source)[] s_types =
    {
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
