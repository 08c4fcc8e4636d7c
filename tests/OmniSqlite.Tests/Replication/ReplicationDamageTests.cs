using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>A damaged segment stops the replay at the last whole, verified transaction before it, and the result says what was lost.</summary>
public sealed class ReplicationDamageTests
{
    private static (string Replica, List<LedgerState> States, List<DateTime> Times) Replicate(TempFolder folder, int segments)
    {
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        var clock = new ManualClock(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
        var states = new List<LedgerState>();
        var times = new List<DateTime>();
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }, timeProvider: clock);
        replicator.Ship();
        states.Add(LedgerState.Of(writer));
        times.Add(clock.UtcNow);
        for (int i = 1; i <= segments; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Ledger.TransferCommitted(writer, i, noteLength: 5000);   // one transaction per segment, over more than one frame (overflow pages)
            Assert.True(replicator.Ship().Frames > 1);
            states.Add(LedgerState.Of(writer));
            times.Add(clock.UtcNow);
        }

        return (replica, states, times);
    }

    [Fact]
    public void A_truncated_segment_stops_the_replay_before_its_transaction_and_reports_the_loss()
    {
        using var folder = new TempFolder();
        var (replica, states, times) = Replicate(folder, segments: 6);
        string[] segments = ReplicaFiles.Segments(replica);
        Assert.Equal(6, segments.Length);
        using (var stream = new FileStream(segments[3], FileMode.Open))
        {
            stream.SetLength(stream.Length - 100);
        }

        string target = folder.File("restored.db");
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target);
        Assert.False(result.IsComplete);
        Assert.Contains("0000000004.seg", result.Damage);
        Assert.Contains("cut short", result.Damage);
        Assert.Equal(3, result.SegmentsApplied);
        Assert.Equal(3, result.SegmentsLost);
        Assert.Equal(times[3], result.RestoredToUtc);
        Assert.Equal(times[6], result.LostUntilUtc);
        Assert.Equal("ok", ReplicaFiles.IntegrityCheck(target));
        Assert.Equal(states[3], LedgerState.Of(target));
    }

    [Fact]
    public void A_bit_flipped_segment_fails_its_checksums_and_nothing_after_it_is_replayed()
    {
        using var folder = new TempFolder();
        var (replica, states, times) = Replicate(folder, segments: 4);
        string[] segments = ReplicaFiles.Segments(replica);
        byte[] bytes = File.ReadAllBytes(segments[1]);
        bytes[bytes.Length - 700] ^= 0x10;   // inside the last page of the segment
        File.WriteAllBytes(segments[1], bytes);

        string target = folder.File("restored.db");
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target);
        Assert.False(result.IsComplete);
        Assert.Contains("0000000002.seg", result.Damage);
        Assert.Contains("its frames do not match its header", result.Damage);
        Assert.Contains("fails its checksum", result.Damage);
        Assert.Equal(1, result.SegmentsApplied);
        Assert.Equal(3, result.SegmentsLost);
        Assert.Equal(states[1], LedgerState.Of(target));

        // A point in time before the damage restores whole.
        ReplicaRestoreResult before = new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { At = times[1], Overwrite = true });
        Assert.True(before.IsComplete);
        Assert.Equal(states[1], LedgerState.Of(target));
    }

    [Fact]
    public void A_missing_segment_is_reported_and_later_ones_are_not_applied_out_of_order()
    {
        using var folder = new TempFolder();
        var (replica, states, _) = Replicate(folder, segments: 4);
        File.Delete(ReplicaFiles.Segments(replica)[2]);
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(folder.File("restored.db"));
        Assert.Contains("segment 3 is missing", result.Damage);
        Assert.Equal(states[2], LedgerState.Of(folder.File("restored.db")));
    }

    [Fact]
    public void A_damaged_snapshot_is_refused_and_the_target_is_untouched()
    {
        using var folder = new TempFolder();
        var (replica, _, _) = Replicate(folder, segments: 1);
        string snapshot = Directory.GetFiles(replica, "snapshot.db.gz", SearchOption.AllDirectories).Single();
        byte[] bytes = File.ReadAllBytes(snapshot);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(snapshot, bytes);
        string target = folder.File("restored.db");
        File.WriteAllText(target, "keep me");
        var error = Assert.Throws<BackupVerificationException>(() => new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { Overwrite = true }));
        Assert.Contains("generation.meta", error.Message);
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Empty(Directory.GetFiles(folder.Path, ".restored.db*"));
    }
}
