using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>What breaks the WAL's continuity is detected and starts a new generation; nothing is replayed across a break.</summary>
public sealed class ReplicationContinuityTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_checkpoint_forced_by_another_connection_mid_shipping_cannot_reset_the_wal_under_the_replicator()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 10);
        string replica = folder.File("replica");
        var clock = new ManualClock(Start);
        using var writer = Ledger.Open(db);
        using var other = Ledger.Open(db);
        Ledger.Execute(other, "PRAGMA busy_timeout = 0;");
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }, timeProvider: clock);
        replicator.Ship();
        for (int i = 0; i < 20; i++)
        {
            Ledger.TransferCommitted(writer, i);
            if (i % 5 == 2)
            {
                // The application (or another process) forces a checkpoint between two ships: it copies what it may, but it
                // cannot restart or truncate the WAL past the replicator's read transaction.
                using var command = other.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                using var reader = command.ExecuteReader();
                reader.Read();
                Assert.Equal(1, reader.GetInt64(0));   // busy: not reset
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(replicator.Ship().NewGenerationReason);
        }

        Assert.Equal(1, replicator.GenerationsStarted);
        string target = folder.File("restored.db");
        new SqliteReplica(replica).Restore(target);
        Assert.Equal(LedgerState.Of(writer), LedgerState.Of(target));
    }

    [Fact]
    public void A_wal_reset_while_the_replicator_was_stopped_starts_a_new_generation_and_each_side_restores_its_own_state()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 10);
        string replica = folder.File("replica");
        var clock = new ManualClock(Start);
        var options = new ReplicationOptions { Database = db, Directory = replica };
        using var writer = Ledger.Open(db);
        LedgerState beforeStop;
        DateTime stoppedAt;
        using (var replicator = new SqliteReplicator(options, timeProvider: clock))
        {
            replicator.Ship();
            for (int i = 0; i < 5; i++)
            {
                Ledger.TransferCommitted(writer, i);
                clock.Advance(TimeSpan.FromSeconds(1));
                replicator.Ship();
            }

            beforeStop = LedgerState.Of(writer);
            stoppedAt = clock.UtcNow;
        }

        // While no replicator runs: more commits, then a checkpoint that resets the WAL, then more commits into the new WAL.
        for (int i = 5; i < 10; i++) Ledger.TransferCommitted(writer, i);
        Assert.Equal(0, Ledger.Scalar(writer, "PRAGMA wal_checkpoint(TRUNCATE);"));
        for (int i = 10; i < 13; i++) Ledger.TransferCommitted(writer, i);

        clock.Advance(TimeSpan.FromSeconds(5));
        using (var replicator = new SqliteReplicator(options, timeProvider: clock))
        {
            ReplicaShipResult resumed = replicator.Ship();
            Assert.NotNull(resumed.NewGenerationReason);
            Assert.Contains("WAL", resumed.NewGenerationReason);
        }

        var replicaReader = new SqliteReplica(replica);
        Assert.Equal(2, replicaReader.ListGenerations().Count);
        string latest = folder.File("latest.db");
        replicaReader.Restore(latest);
        Assert.Equal(LedgerState.Of(writer), LedgerState.Of(latest));
        string old = folder.File("old.db");
        replicaReader.Restore(old, new ReplicaRestoreOptions { At = stoppedAt + TimeSpan.FromSeconds(2) });
        Assert.Equal(beforeStop, LedgerState.Of(old));
    }

    [Fact]
    public void A_replicator_restarted_without_a_wal_reset_resumes_the_same_generation()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 10);
        string replica = folder.File("replica");
        var clock = new ManualClock(Start);
        var options = new ReplicationOptions { Database = db, Directory = replica };
        using var writer = Ledger.Open(db);
        using (var replicator = new SqliteReplicator(options, timeProvider: clock))
        {
            replicator.Ship();
            Ledger.TransferCommitted(writer, 1);
            clock.Advance(TimeSpan.FromSeconds(1));
            replicator.Ship();
        }

        // Commits while no replicator runs stay in the WAL (nothing reset it), so the chain continues where the last segment ended.
        Ledger.TransferCommitted(writer, 2);
        Ledger.TransferCommitted(writer, 3);
        clock.Advance(TimeSpan.FromSeconds(1));
        using (var replicator = new SqliteReplicator(options, timeProvider: clock))
        {
            ReplicaShipResult resumed = replicator.Ship();
            Assert.Null(resumed.NewGenerationReason);
            Assert.True(resumed.Frames > 0);
        }

        Assert.Single(new SqliteReplica(replica).ListGenerations());
        string target = folder.File("restored.db");
        new SqliteReplica(replica).Restore(target);
        Assert.Equal(LedgerState.Of(writer), LedgerState.Of(target));
    }

    [Fact]
    public void A_lost_replica_folder_starts_a_new_generation_with_a_snapshot()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 10);
        string replica = folder.File("replica");
        var clock = new ManualClock(Start);
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }, timeProvider: clock);
        replicator.Ship();
        Directory.Delete(Path.Combine(replica, "generations"), recursive: true);
        Ledger.TransferCommitted(writer, 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("no longer in the replica", replicator.Ship().NewGenerationReason);
        string target = folder.File("restored.db");
        new SqliteReplica(replica).Restore(target);
        Assert.Equal(LedgerState.Of(writer), LedgerState.Of(target));
    }

    [Fact]
    public void Bad_options_and_a_database_not_in_wal_mode_are_refused_with_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteReplicator(new ReplicationOptions { ShipInterval = TimeSpan.Zero, CheckpointFrames = 1 }));
        Assert.Contains("ReplicationOptions.Database is required", error.Message);
        Assert.Contains("ReplicationOptions.Directory is required", error.Message);
        Assert.Contains("ReplicationOptions.ShipInterval", error.Message);
        Assert.Contains("ReplicationOptions.CheckpointFrames", error.Message);

        using var folder = new TempFolder();
        string db = folder.File("rollback.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + db + ";Pooling=False"))
        {
            connection.Open();
            Ledger.Execute(connection, "CREATE TABLE t (x);");
        }

        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = folder.File("replica") });
        var notWal = Assert.Throws<SqliteProfileException>(() => replicator.Ship());
        Assert.Contains("journal_mode=delete", notWal.Message);
        Assert.Empty(ReplicaFiles.Segments(folder.File("replica")));

        var noReplica = Assert.Throws<BackupException>(() => new SqliteReplica(folder.File("nothing-here")).Restore(folder.File("x.db")));
        Assert.Equal(BackupErrorReason.ReplicaNotFound, noReplica.Reason);
    }
}
