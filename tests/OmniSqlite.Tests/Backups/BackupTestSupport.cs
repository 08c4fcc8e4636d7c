using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Backups;

/// <summary>A temporary folder deleted at the end of a test.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "omnisqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// A double-entry ledger: every transfer inserts a +amount and a -amount row in one transaction, so in any
/// consistent snapshot the amounts sum to zero and the row count is even.
/// </summary>
public static class Ledger
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;");
        return connection;
    }

    public static string Create(string path, int transfers = 500, int noteLength = 200)
    {
        using var connection = Open(path);
        Execute(connection, "CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL);");
        using var tx = connection.BeginTransaction();
        for (int i = 0; i < transfers; i++)
        {
            Transfer(connection, tx, i, noteLength);
        }

        tx.Commit();
        return path;
    }

    public static void Transfer(SqliteConnection connection, SqliteTransaction? tx, long seed, int noteLength = 200)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO ledger (account, amount, note) VALUES ($a, $x, $n), ($b, -$x, $n);";
        command.Parameters.AddWithValue("$a", seed % 17);
        command.Parameters.AddWithValue("$b", (seed + 5) % 17);
        command.Parameters.AddWithValue("$x", 1 + (seed * 7919 % 1000));
        command.Parameters.AddWithValue("$n", new string((char)('a' + (int)(seed % 26)), noteLength));
        command.ExecuteNonQuery();
    }

    /// <summary>One committed transfer in its own write transaction.</summary>
    public static void TransferCommitted(SqliteConnection connection, long seed, int noteLength = 200)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        Transfer(connection, tx, seed, noteLength);
        tx.Commit();
    }

    public static (long Rows, long Sum) Totals(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), coalesce(sum(amount), 0) FROM ledger;";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static (long Rows, long Sum) Totals(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return Totals(connection);
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}

public static class Files
{
    /// <summary>The files of a backup directory other than its lock file (which stays, so that runs always lock the same file).</summary>
    public static string[] InBackupDirectory(string directory) =>
        Directory.GetFiles(directory).Where(f => System.IO.Path.GetFileName(f) != ".omnisqlite-backup.lock").ToArray();

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Hashes of a database and its -wal/-shm (null for a missing file).</summary>
    public static string?[] SnapshotDatabase(string path) =>
        new[] { path, path + "-wal", path + "-shm", path + "-journal" }.Select(p => File.Exists(p) ? Sha256(p) : null).ToArray();

    /// <summary>Decompresses (when gzip) a backup into a plain database file for inspection.</summary>
    public static string Extract(string backup, string target)
    {
        using var input = File.OpenRead(backup);
        using var output = File.Create(target);
        if (backup.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        else
        {
            input.CopyTo(output);
        }

        return target;
    }
}

/// <summary>An IProgress that runs its callback synchronously, on the reporting thread, between steps.</summary>
public sealed class InlineProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}

/// <summary>A clock the test sets by hand (SqliteBackups takes any TimeProvider).</summary>
public sealed class ManualClock(DateTime utcNow) : TimeProvider
{
    public DateTime Now { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => new(DateTime.SpecifyKind(Now, DateTimeKind.Utc));
}
