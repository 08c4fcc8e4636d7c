using Microsoft.Data.Sqlite;

namespace RuleExamples;

/// <summary>OSQL002: PRAGMA values that trade durability away.</summary>
public static class UnsafePragma
{
    public static void BulkLoadSettings(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = OFF";           // OSQL002 (fix: NORMAL)
        command.ExecuteNonQuery();
    }

    public const string SingleProcessOnly = "PRAGMA locking_mode = EXCLUSIVE";   // OSQL002 (enabled in .editorconfig)
}
