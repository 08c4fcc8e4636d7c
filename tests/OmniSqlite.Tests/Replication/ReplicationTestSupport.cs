using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>A clock the test moves by hand: ship times, and so the points a restore can reach, are exact.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTime UtcNow => _now.UtcDateTime;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The ledger's state in a form to compare: row count, a checksum over every row, and the highest id.</summary>
public readonly record struct LedgerState(long Rows, long Checksum, long MaxId)
{
    public static LedgerState Of(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), coalesce(sum((id * 7919 + amount * 104729 + length(note) * 31 + unicode(note)) % 1000000007), 0), coalesce(max(id), 0) FROM ledger;";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new LedgerState(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public static LedgerState Of(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return Of(connection);
    }
}

public static class ReplicaFiles
{
    public static string[] Segments(string replica) =>
        Directory.Exists(Path.Combine(replica, "generations"))
            ? Directory.GetFiles(Path.Combine(replica, "generations"), "*.seg", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

    /// <summary>Restores the newest state of <paramref name="replica"/> into <paramref name="target"/>: whole, integrity_check ok and equal to <paramref name="expected"/>.</summary>
    public static ReplicaRestoreResult RestoreLatestExactly(string replica, string target, LedgerState expected)
    {
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target);
        Assert.True(result.IsComplete, result.Damage);
        Assert.Equal("ok", IntegrityCheck(target));
        Assert.Equal(expected, LedgerState.Of(target));
        return result;
    }

    public static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return Convert.ToString(command.ExecuteScalar())!;
    }
}
