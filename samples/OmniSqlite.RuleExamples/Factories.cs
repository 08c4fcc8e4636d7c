using Microsoft.Data.Sqlite;

namespace RuleExamples;

/// <summary>
/// The project's own factory, named in .editorconfig (omnisqlite.connection_factories), so OSQL001 trusts it:
/// it is not reported here and connections passed to it count as set up. This file produces no warning.
/// </summary>
public static class Db
{
    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = PragmaScript.Text;
        pragmas.ExecuteNonQuery();
        return connection;
    }
}

internal static class PragmaScript
{
    // Read from a resource in a real project; the analyzers do not follow it, hence the factory entry.
    public static readonly string Text = "PRAGMA foreign_keys = ON;";
}
