using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Conventions;

/// <summary>
/// The maintenance and info async twins are truly async over Microsoft.Data.Sqlite (CONTRIBUTING.md, async policy):
/// they answer what the sync methods answer, and a cancelled token stops them before SQLite changes anything.
/// </summary>
public sealed class AsyncTwinTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public AsyncTwinTests()
    {
        _connection = SqliteProfile.Production.Open(_db.ConnectionString);
        using var command = _connection.CreateCommand();
        command.CommandText = "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, payload TEXT); CREATE INDEX idx_t_k ON t(k);"
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t(k, payload) SELECT i % 40, printf('%.300c', 'x') FROM n;"
            + "DELETE FROM t WHERE id <= 2000;";
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    private long Freelist()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA freelist_count";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Async_twins_answer_what_the_sync_methods_answer()
    {
        DatabaseInfo sync = _connection.GetDatabaseInfo();
        DatabaseInfo async = await _connection.GetDatabaseInfoAsync(CancellationToken.None);
        Assert.Equal(sync.ToString(), async.ToString());

        Assert.Equal(_connection.IntegrityCheck().ToString(), (await _connection.IntegrityCheckAsync(cancellationToken: CancellationToken.None)).ToString());
        Assert.Equal(_connection.QuickCheck().IsOk, (await _connection.QuickCheckAsync(cancellationToken: CancellationToken.None)).IsOk);

        long free = Freelist();
        Assert.True(free > 20, "free pages: " + free);
        Assert.Equal(10, await _connection.IncrementalVacuumAsync(10, CancellationToken.None));
        Assert.Equal(free - 10, Freelist());

        CheckpointResult checkpoint = await _connection.CheckpointAsync(SqliteCheckpointMode.Truncate, CancellationToken.None);
        Assert.Equal(SqliteCheckpointMode.Truncate, checkpoint.Mode);
        await _connection.AnalyzeAsync("t", CancellationToken.None);
        await _connection.OptimizeAsync(cancellationToken: CancellationToken.None);
    }

    [Fact]
    public async Task A_cancelled_token_stops_them_and_nothing_changes()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        long free = Freelist();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.IncrementalVacuumAsync(0, cancelled.Token));
        Assert.Equal(free, Freelist());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.IntegrityCheckAsync(cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.CheckpointAsync(SqliteCheckpointMode.Passive, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.GetDatabaseInfoAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.OptimizeAsync(cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _connection.AnalyzeAsync(null, cancelled.Token));
    }
}
