using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OmniSqlite.Tests.Profiles;

/// <summary>A fresh temp folder per test, deleted afterwards (pools cleared first so no handle keeps a file open).</summary>
internal sealed class ProfileTempFolder : IDisposable
{
    public ProfileTempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "omnisqlite-profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name = "app.db") => System.IO.Path.Combine(Path, name);

    public string ConnectionString(string name = "app.db", string extra = "") => "Data Source=" + File(name) + ";Pooling=True" + extra;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

internal static class Db
{
    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static long Long(SqliteConnection connection, string sql) => Convert.ToInt64(Scalar(connection, sql), CultureInfo.InvariantCulture);

    public static string Text(SqliteConnection connection, string sql) => Convert.ToString(Scalar(connection, sql), CultureInfo.InvariantCulture)!;

    public static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static SqliteConnection OpenPlain(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}

/// <summary>An ILogger that keeps what it was told.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message, EventId EventId)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Enqueue((logLevel, formatter(state, exception), eventId));
}
