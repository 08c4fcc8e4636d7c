using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>
/// A damaged segment stops the replay before it, and the result says what was lost. Format 3 (the last image of each page,
/// one checksum) loses a damaged segment whole; the old per-frame formats (2) keep their whole, verified transactions before
/// the damage and stay readable.
/// </summary>
public sealed class ReplicationDamageTests
{
    private static (string Replica, List<LedgerState> States, List<DateTime> Times) Replicate(TempFolder folder, int segments, int format = 3)
    {
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        var clock = new ManualClock(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
        var states = new List<LedgerState>();
        var times = new List<DateTime>();
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }, timeProvider: clock) { SegmentFormat = format };
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

    private static string FormatOf(string segment) => File.ReadLines(segment).First();

    [Fact]
    public void A_truncated_segment_is_lost_whole_and_the_loss_is_reported()
    {
        using var folder = new TempFolder();
        var (replica, states, times) = Replicate(folder, segments: 6);
        string[] segments = ReplicaFiles.Segments(replica);
        Assert.Equal(6, segments.Length);
        Assert.All(segments, s => Assert.Equal("omnisqlite-segment=3", FormatOf(s)));
        using (var stream = new FileStream(segments[3], FileMode.Open))
        {
            stream.SetLength(stream.Length - 100);
        }

        string target = folder.File("restored.db");
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target);
        Assert.False(result.IsComplete);
        Assert.Contains("0000000004.seg", result.Damage);
        Assert.Contains("cut short", result.Damage);
        Assert.Contains("the whole segment is lost: WAL frames", result.Damage);
        Assert.Contains("shipped 2026-04-01 08:00:04.000Z", result.Damage);
        Assert.Equal(3, result.SegmentsApplied);
        Assert.Equal(3, result.SegmentsLost);
        Assert.Equal(times[3], result.RestoredToUtc);
        Assert.Equal(times[6], result.LostUntilUtc);
        Assert.Equal("ok", ReplicaFiles.IntegrityCheck(target));
        Assert.Equal(states[3], LedgerState.Of(target));

        // Cut inside its first page record (not only its checksum): the same.
        using (var stream = new FileStream(segments[3], FileMode.Open))
        {
            stream.SetLength(stream.Length - 3000);
        }

        result = new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { Overwrite = true });
        Assert.Contains("cut short", result.Damage);
        Assert.Equal(3, result.SegmentsApplied);
        Assert.Equal(states[3], LedgerState.Of(target));
    }

    [Theory]
    [InlineData(-700)]   // inside the last page
    [InlineData(-3)]     // inside the checksum
    public void A_bit_flipped_segment_fails_its_checksum_and_none_of_its_pages_is_applied(int position)
    {
        using var folder = new TempFolder();
        var (replica, states, times) = Replicate(folder, segments: 4);
        string[] segments = ReplicaFiles.Segments(replica);
        byte[] bytes = File.ReadAllBytes(segments[1]);
        bytes[bytes.Length + position] ^= 0x10;
        File.WriteAllBytes(segments[1], bytes);

        string target = folder.File("restored.db");
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target);
        Assert.False(result.IsComplete);
        Assert.Contains("0000000002.seg", result.Damage);
        Assert.Contains("fails its checksum", result.Damage);
        Assert.Contains("the whole segment is lost", result.Damage);
        Assert.Equal(1, result.SegmentsApplied);
        Assert.Equal(3, result.SegmentsLost);
        Assert.Equal("ok", ReplicaFiles.IntegrityCheck(target));
        Assert.Equal(states[1], LedgerState.Of(target));

        // A point in time before the damage restores whole.
        ReplicaRestoreResult before = new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { At = times[1], Overwrite = true });
        Assert.True(before.IsComplete);
        Assert.Equal(states[1], LedgerState.Of(target));
    }

    [Fact]
    public void A_changed_header_field_that_still_parses_fails_the_checksum()
    {
        using var folder = new TempFolder();
        var (replica, states, _) = Replicate(folder, segments: 3);
        string segment = ReplicaFiles.Segments(replica)[1];
        byte[] bytes = File.ReadAllBytes(segment);
        string text = System.Text.Encoding.ASCII.GetString(bytes, 0, 1000);
        int at = text.IndexOf("database_pages=", StringComparison.Ordinal) + "database_pages=".Length;
        bytes[at] = (byte)(bytes[at] == (byte)'1' ? '2' : '1');   // another database size, still a number
        File.WriteAllBytes(segment, bytes);

        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(folder.File("restored.db"));
        Assert.Contains("0000000002.seg", result.Damage);
        Assert.Contains("fails its checksum", result.Damage);
        Assert.Equal(1, result.SegmentsApplied);
        Assert.Equal(states[1], LedgerState.Of(folder.File("restored.db")));
    }

    [Fact]
    public void An_old_format_2_replica_still_restores_and_keeps_its_per_frame_damage_semantics()
    {
        using var folder = new TempFolder();
        var (replica, states, times) = Replicate(folder, segments: 4, format: 2);
        string[] segments = ReplicaFiles.Segments(replica);
        Assert.All(segments, s => Assert.Equal("omnisqlite-segment=2", FormatOf(s)));
        for (int i = 0; i <= 4; i++)
        {
            string target = folder.File($"at{i}.db");
            ReplicaRestoreResult whole = new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { At = times[i] });
            Assert.True(whole.IsComplete, whole.Damage);
            Assert.Equal(states[i], LedgerState.Of(target));
        }

        byte[] bytes = File.ReadAllBytes(segments[1]);
        bytes[bytes.Length - 700] ^= 0x10;   // inside the last page of the segment
        File.WriteAllBytes(segments[1], bytes);
        ReplicaRestoreResult result = new SqliteReplica(replica).Restore(folder.File("restored.db"));
        Assert.False(result.IsComplete);
        Assert.Contains("0000000002.seg", result.Damage);
        Assert.Contains("its frames do not match its header", result.Damage);
        Assert.Contains("fails its checksum", result.Damage);
        Assert.Equal(1, result.SegmentsApplied);
        Assert.Equal(states[1], LedgerState.Of(folder.File("restored.db")));
    }

    [Fact]
    public void A_generation_begun_in_format_2_and_continued_in_format_3_restores_every_point()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        var clock = new ManualClock(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
        var states = new List<LedgerState>();
        var times = new List<DateTime>();
        using var writer = Ledger.Open(db);
        using (var old = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }, timeProvider: clock) { SegmentFormat = 2 })
        {
            old.Ship();
            for (int i = 1; i <= 2; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Ledger.TransferCommitted(writer, i, noteLength: 5000);
                old.Ship();
                states.Add(LedgerState.Of(writer));
                times.Add(clock.UtcNow);
            }
        }

        // The new version resumes the same generation (the writer kept the WAL) and writes format 3 after the old segments.
        using (var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }, timeProvider: clock))
        {
            for (int i = 3; i <= 4; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                Ledger.TransferCommitted(writer, i, noteLength: 5000);
                Assert.Null(replicator.Ship().NewGenerationReason);
                states.Add(LedgerState.Of(writer));
                times.Add(clock.UtcNow);
            }
        }

        Assert.Equal(new[] { "omnisqlite-segment=2", "omnisqlite-segment=2", "omnisqlite-segment=3", "omnisqlite-segment=3" }, ReplicaFiles.Segments(replica).Select(FormatOf));
        for (int i = 0; i < 4; i++)
        {
            string target = folder.File($"at{i}.db");
            ReplicaRestoreResult result = new SqliteReplica(replica).Restore(target, new ReplicaRestoreOptions { At = times[i] });
            Assert.True(result.IsComplete, result.Damage);
            Assert.Equal(i + 1, result.SegmentsApplied);
            Assert.Equal(states[i], LedgerState.Of(target));
        }
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
