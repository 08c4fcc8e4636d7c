using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>
/// A writer commits batches, the replicator ships after each on a hand-moved clock, and restores to 20 random points in
/// time must each equal the state the writer recorded at the last ship at or before that time (rows and a checksum).
/// </summary>
public sealed class ReplicationPointInTimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Restores_twenty_random_points_in_time_exactly()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 50);
        string replica = folder.File("replica");
        var clock = new ManualClock(Start);
        var random = new Random(1717);
        var shipped = new List<(DateTime At, LedgerState State)>();
        using (var writer = Ledger.Open(db))
        using (var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica, CheckpointFrames = 40 }, timeProvider: clock))
        {
            ReplicaShipResult first = replicator.Ship();
            Assert.NotNull(first.NewGenerationReason);
            shipped.Add((clock.UtcNow, LedgerState.Of(writer)));
            long seed = 1000;
            bool sawCheckpoint = false;
            for (int batch = 0; batch < 40; batch++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(200 + random.Next(800)));
                int transfers = random.Next(0, 6);
                for (int i = 0; i < transfers; i++)
                {
                    Ledger.TransferCommitted(writer, seed++, noteLength: random.Next(10, 3000));
                }

                if (batch == 20)
                {
                    // Pages freed and the file shrunk: the replay must end at the last commit's size.
                    Ledger.Execute(writer, "DELETE FROM ledger WHERE id % 3 = 0; VACUUM;");
                }

                ReplicaShipResult result = replicator.Ship();
                Assert.Null(result.NewGenerationReason);
                sawCheckpoint |= result.Checkpointed;
                shipped.Add((clock.UtcNow, LedgerState.Of(writer)));
            }

            Assert.True(sawCheckpoint, "the WAL never reached CheckpointFrames: the test does not cover a WAL restart");
            Assert.Equal(1, replicator.GenerationsStarted);

            // Every ship, across the VACUUM and the WAL restarts of the replicator's checkpoints, found its frames through the wal-index.
            Assert.Equal(0, replicator.ScannedShips);
            Assert.True(replicator.IndexedShips > 0);
        }

        // The replicator's checkpoints let SQLite restart the WAL (new salts, frames from 1) within the one generation.
        Assert.True(ReplicaFiles.Segments(replica).Skip(1).Count(f => File.ReadAllText(f).Contains("\nfirst_frame=1\n")) >= 1, "no segment starts a restarted WAL");

        var replicaReader = new SqliteReplica(replica);
        DateTime from = shipped[0].At;
        DateTime to = shipped[^1].At + TimeSpan.FromSeconds(1);
        for (int i = 0; i < 20; i++)
        {
            DateTime at = from + TimeSpan.FromTicks((long)(random.NextDouble() * (to - from).Ticks));
            if (i == 0) at = shipped[5].At;       // exactly on a ship time: that segment is included
            if (i == 1) at = to;                   // after the last ship: the latest state
            var expected = shipped.Last(s => s.At <= at);
            string target = folder.File($"restored-{i}.db");
            ReplicaRestoreResult restored = replicaReader.Restore(target, new ReplicaRestoreOptions { At = at });
            Assert.True(restored.IsComplete, restored.Damage);
            Assert.InRange(restored.RestoredToUtc!.Value, from, at);   // a ship with nothing new writes no segment: the time may be an earlier ship's
            Assert.Equal("ok", ReplicaFiles.IntegrityCheck(target));
            Assert.Equal(expected.State, LedgerState.Of(target));
        }

        var tooEarly = Assert.Throws<BackupException>(() => replicaReader.Restore(folder.File("early.db"), new ReplicaRestoreOptions { At = from - TimeSpan.FromSeconds(1) }));
        Assert.Equal(BackupErrorReason.ReplicaNotFound, tooEarly.Reason);
        Assert.False(File.Exists(folder.File("early.db")));
    }

    [Fact]
    public void A_new_snapshot_interval_starts_a_new_generation_and_each_restores()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 20);
        string replica = folder.File("replica");
        var clock = new ManualClock(Start);
        var states = new List<(DateTime At, LedgerState State)>();
        using (var writer = Ledger.Open(db))
        using (var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica, SnapshotInterval = TimeSpan.FromMinutes(1), Retention = TimeSpan.FromMinutes(3) }, timeProvider: clock))
        {
            for (int step = 0; step < 12; step++)
            {
                Ledger.TransferCommitted(writer, step);
                replicator.Ship();
                states.Add((clock.UtcNow, LedgerState.Of(writer)));
                clock.Advance(TimeSpan.FromSeconds(30));
            }

            Assert.Equal(6, replicator.GenerationsStarted);
        }

        IReadOnlyList<ReplicaGeneration> generations = new SqliteReplica(replica).ListGenerations();
        Assert.All(generations, g => Assert.True(g.IsComplete));

        // Retention of 3 minutes: generations that no point of the window needs are gone; the window's start is still restorable.
        Assert.InRange(generations.Count, 4, 5);
        DateTime windowStart = clock.UtcNow - TimeSpan.FromMinutes(3);
        Assert.Contains(generations, g => g.ValidFromUtc <= windowStart);
        foreach (var (at, state) in states.Where(s => s.At >= windowStart))
        {
            string target = folder.File("restored.db");
            new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { At = at, Overwrite = true });
            Assert.Equal(state, LedgerState.Of(target));
        }
    }
}
