using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Generated;

/// <summary>
/// An autocommit Insert must let SQLite checkpoint the WAL. SQLite runs the WAL hook (wal_autocheckpoint) only when
/// sqlite3_step returns SQLITE_DONE; an INSERT ... RETURNING that is reset right after its row commits without it, and
/// then no insert ever checkpoints: the WAL grows for as long as the application writes (745 MB in a benchmark run).
/// Runs on both data paths (OmniSqlite.AdoNet.Tests compiles this folder again).
/// </summary>
public sealed class WalCheckpointTests : IDisposable
{
    private const int Inserts = 600;
    private const int FramesPerCheckpoint = 10;
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public WalCheckpointTests()
    {
        _connection = _db.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA wal_autocheckpoint=" + FramesPerCheckpoint);
        OmniSqliteSchema.EnsureCreated(_connection);
        Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) { }
    }

    /// <summary>Each insert writes at least one frame, so without checkpoints the WAL would hold at least <see cref="Inserts"/>.</summary>
    private long WalFrames()
    {
        var length = new FileInfo(_db.Path + "-wal").Length;
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        var pageSize = (long)command.ExecuteScalar()!;
        return length <= 32 ? 0 : (length - 32) / (pageSize + 24);
    }

    [Fact]
    public void Autocommit_inserts_keep_the_wal_checkpointed()
    {
        var repo = new TeamRepository(_connection);
        for (var i = 0; i < Inserts; i++)
        {
            var team = new Team { Name = "team " + i };
            repo.Insert(team);
            Assert.Equal(i + 1, team.Id);
        }
        var frames = WalFrames();
        Assert.True(frames < 5 * FramesPerCheckpoint, $"the WAL holds {frames} frames after {Inserts} autocommit inserts: wal_autocheckpoint={FramesPerCheckpoint} never ran");
    }

    [Fact]
    public async Task Autocommit_async_inserts_keep_the_wal_checkpointed()
    {
        var repo = new TeamRepository(_connection);
        for (var i = 0; i < Inserts; i++)
        {
            var team = new Team { Name = "team " + i };
            await repo.InsertAsync(team);
            Assert.Equal(i + 1, team.Id);
        }
        var frames = WalFrames();
        Assert.True(frames < 5 * FramesPerCheckpoint, $"the WAL holds {frames} frames after {Inserts} autocommit inserts: wal_autocheckpoint={FramesPerCheckpoint} never ran");
    }

    [Fact]
    public void Autocommit_query_inserts_returning_zero_or_one_row_keep_the_wal_checkpointed()
    {
        // A [Query] returning a nullable value reads at most one row; for a write's RETURNING it must still step to DONE.
        for (var i = 0; i < Inserts; i++)
        {
            Assert.Equal(i + 1, TeamQueries.AddTeam(_connection, "team " + i));
        }
        var frames = WalFrames();
        Assert.True(frames < 5 * FramesPerCheckpoint, $"the WAL holds {frames} frames after {Inserts} autocommit [Query] inserts: wal_autocheckpoint={FramesPerCheckpoint} never ran");
    }

    [Fact]
    public async Task Autocommit_async_query_inserts_returning_zero_or_one_row_keep_the_wal_checkpointed()
    {
        for (var i = 0; i < Inserts; i++)
        {
            Assert.Equal(i + 1, await TeamQueries.AddTeamAsync(_connection, "team " + i));
        }
        var frames = WalFrames();
        Assert.True(frames < 5 * FramesPerCheckpoint, $"the WAL holds {frames} frames after {Inserts} autocommit [Query] inserts: wal_autocheckpoint={FramesPerCheckpoint} never ran");
    }
}

/// <summary>[Query] writes that return zero or one row (WalCheckpointTests).</summary>
public static partial class TeamQueries
{
    [Query("INSERT INTO fk_teams (name) VALUES ($name) RETURNING id")]
    public static partial long? AddTeam(SqliteConnection connection, string name);

    [Query("INSERT INTO fk_teams (name) VALUES ($name) RETURNING id")]
    public static partial Task<long?> AddTeamAsync(SqliteConnection connection, string name, CancellationToken cancellationToken = default);
}
