using Microsoft.Data.Sqlite;

namespace RuleExamples;

/// <summary>OSQL004: a relative path lands in the working directory (inside the container image).</summary>
public static class RelativeDatabasePath
{
    public static SqliteConnection NextToTheApp() => new SqliteConnection("Data Source=example.db");   // OSQL004
}
