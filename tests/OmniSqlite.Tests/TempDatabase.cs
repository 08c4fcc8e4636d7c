using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests;

/// <summary>A real database file in its own temp folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase(string name = "test.db")
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "omnisqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, name);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
    }

    public string Directory { get; }
    public string Path { get; }
    public string ConnectionString { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
