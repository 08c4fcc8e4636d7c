using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>WaitForNextShipAsync (RunAsync's schedule): a WAL grown by CheckpointFrames makes the next ship due at once.</summary>
public sealed class ReplicationScheduleTests
{
    [Fact]
    public async Task The_next_ship_is_due_early_once_the_wal_grew_by_checkpoint_frames_and_that_ship_restarts_the_wal()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 10);
        using var writer = Ledger.Open(db);

        // An hour's interval: only the WAL's growth can make WaitForNextShipAsync return within the test's minute.
        using var replicator = new SqliteReplicator(new ReplicationOptions
        {
            Database = db,
            Directory = folder.File("replica"),
            ShipInterval = TimeSpan.FromHours(1),
            SnapshotInterval = TimeSpan.FromHours(1),
            CheckpointFrames = 20,
        });
        replicator.Ship();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        Task wait = replicator.WaitForNextShipAsync(timeout.Token);
        Assert.False(wait.IsCompleted);
        for (int i = 0; i < 30; i++)
        {
            Ledger.TransferCommitted(writer, i);
        }

        await wait;
        ReplicaShipResult shipped = replicator.Ship();
        Assert.True(shipped.Frames >= 20, $"{shipped.Frames} frames shipped");
        Assert.True(shipped.Checkpointed, "the early ship did not checkpoint the WAL");

        string target = folder.File("restored.db");
        new SqliteReplica(folder.File("replica")).Restore(target);
        Assert.Equal(LedgerState.Of(writer), LedgerState.Of(target));
    }
}
