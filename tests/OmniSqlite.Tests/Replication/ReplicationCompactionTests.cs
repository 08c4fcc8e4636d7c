using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>
/// Compaction merges a generation's segments into one file without losing a point in time, and a kill at any step of it
/// (simulated by stopping it there: the files are then exactly as a SIGKILL would leave them) never loses or duplicates frames.
/// </summary>
public sealed class ReplicationCompactionTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);

    private sealed class Run : IDisposable
    {
        public Run(TempFolder folder)
        {
            Db = Ledger.Create(folder.File("app.db"), transfers: 10);
            Replica = folder.File("replica");
            Writer = Ledger.Open(Db);
        }

        public string Db { get; }
        public string Replica { get; }
        public Microsoft.Data.Sqlite.SqliteConnection Writer { get; }
        public ManualClock Clock { get; } = new(Start);
        public List<LedgerState> States { get; } = new();
        public List<DateTime> Times { get; } = new();

        public SqliteReplicator Replicator(int compactionSegments = 5) =>
            new(new ReplicationOptions { Database = Db, Directory = Replica, CompactionSegments = compactionSegments }, timeProvider: Clock);

        /// <summary>One transfer, one ship; records the state the replica must restore at this time.</summary>
        public void Ship(SqliteReplicator replicator)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            Ledger.TransferCommitted(Writer, States.Count + 1, noteLength: 300);
            States.Add(LedgerState.Of(Writer));
            Times.Add(Clock.UtcNow);
            replicator.Ship();
        }

        /// <summary>Every recorded time restores its state, and the latest restores the last.</summary>
        public void AssertEveryPointRestores(TempFolder folder, int shipped)
        {
            var replica = new SqliteReplica(Replica);
            for (int i = 0; i < shipped; i++)
            {
                string target = folder.File($"restored-{Guid.NewGuid():N}.db");
                ReplicaRestoreResult result = replica.Restore(target, new ReplicaRestoreOptions { At = Times[i] });
                Assert.True(result.IsComplete, result.Damage);
                Assert.Equal(States[i], LedgerState.Of(target));
            }

            string latest = folder.File($"latest-{Guid.NewGuid():N}.db");
            Assert.True(replica.Restore(latest).IsComplete);
            Assert.Equal(States[shipped - 1], LedgerState.Of(latest));
        }

        public void Dispose() => Writer.Dispose();
    }

    private static string[] SegmentFileNames(string replica) => ReplicaFiles.Segments(replica).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void Compaction_merges_segments_into_one_file_and_every_point_in_time_still_restores()
    {
        using var folder = new TempFolder();
        using var run = new Run(folder);
        string generation;
        using (SqliteReplicator replicator = run.Replicator())
        {
            replicator.Ship();
            generation = replicator.CurrentGeneration!;
            for (int i = 0; i < 12; i++)
            {
                run.Ship(replicator);
            }
        }

        Assert.Equal(new[] { "0000000001-0000000005.seg", "0000000006-0000000010.seg", "0000000011.seg", "0000000012.seg" }, SegmentFileNames(run.Replica));
        ReplicaGeneration listed = Assert.Single(new SqliteReplica(run.Replica).ListGenerations());
        Assert.Equal(12, listed.Segments);
        Assert.Equal(10, listed.CompactedSegments);
        Assert.Equal(2, listed.CompactedFiles);
        Assert.Equal(run.Times[11], listed.LastShippedUtc);
        run.AssertEveryPointRestores(folder, 12);

        // A restarted replicator resumes after the compacted files (same generation, sequence 13 next).
        using (SqliteReplicator replicator = run.Replicator())
        {
            run.Ship(replicator);
            Assert.Equal(generation, replicator.CurrentGeneration);
        }

        Assert.Contains("0000000013.seg", SegmentFileNames(run.Replica));
        run.AssertEveryPointRestores(folder, 13);
    }

    [Theory]
    [InlineData("written")]
    [InlineData("deleted 1")]
    [InlineData("deleted 3")]
    public void A_kill_during_compaction_loses_and_duplicates_nothing(string step)
    {
        using var folder = new TempFolder();
        using var run = new Run(folder);
        using (SqliteReplicator replicator = run.Replicator())
        {
            replicator.Ship();
            for (int i = 0; i < 4; i++)
            {
                run.Ship(replicator);
            }

            int deleted = 0;
            replicator.CompactionStep = s =>
            {
                if (s.StartsWith("deleted", StringComparison.Ordinal)) deleted++;
                if (s == step || (step.StartsWith("deleted", StringComparison.Ordinal) && s.StartsWith("deleted", StringComparison.Ordinal) && deleted == int.Parse(step[8..], System.Globalization.CultureInfo.InvariantCulture)))
                {
                    throw new IOException("killed at " + step);
                }
            };
            Assert.Throws<IOException>(() => run.Ship(replicator));
        }

        // The compacted file is in place, and some or all of the files it merged are still there beside it.
        string[] files = SegmentFileNames(run.Replica);
        Assert.Contains("0000000001-0000000005.seg", files);
        Assert.True(files.Length > 1);
        Assert.Equal(5, Assert.Single(new SqliteReplica(run.Replica).ListGenerations()).Segments);
        run.AssertEveryPointRestores(folder, 5);

        // The next replicator resumes the same generation, removes the leftovers, and the next compaction goes on from there.
        using (SqliteReplicator replicator = run.Replicator())
        {
            for (int i = 0; i < 5; i++)
            {
                run.Ship(replicator);
            }
        }

        Assert.Equal(new[] { "0000000001-0000000005.seg", "0000000006-0000000010.seg" }, SegmentFileNames(run.Replica));
        ReplicaGeneration generation = Assert.Single(new SqliteReplica(run.Replica).ListGenerations());
        Assert.Equal(10, generation.Segments);
        run.AssertEveryPointRestores(folder, 10);
    }

    [Fact]
    public void A_kill_before_the_compacted_file_is_renamed_leaves_only_a_temporary_file_that_is_ignored_and_removed()
    {
        using var folder = new TempFolder();
        using var run = new Run(folder);
        using (SqliteReplicator replicator = run.Replicator(compactionSegments: 0))
        {
            replicator.Ship();
            for (int i = 0; i < 5; i++)
            {
                run.Ship(replicator);
            }
        }

        // What a kill during the compacted file's write leaves: its temporary file, cut short.
        string segments = Path.GetDirectoryName(ReplicaFiles.Segments(run.Replica)[0])!;
        string temp = Path.Combine(segments, ".0000000001-0000000005.seg.0123456789ab.tmp");
        File.WriteAllBytes(temp, File.ReadAllBytes(ReplicaFiles.Segments(run.Replica)[0])[..100]);
        run.AssertEveryPointRestores(folder, 5);

        using (SqliteReplicator replicator = run.Replicator())
        {
            run.Ship(replicator);
        }

        // The six segments in their own files are past the threshold of 5: compacted, the temporary file gone.
        Assert.False(File.Exists(temp));
        Assert.Equal(new[] { "0000000001-0000000006.seg" }, SegmentFileNames(run.Replica));
        run.AssertEveryPointRestores(folder, 6);
    }

    [Fact]
    public void A_bit_flipped_in_a_compacted_file_stops_the_replay_at_that_segment()
    {
        using var folder = new TempFolder();
        using var run = new Run(folder);
        using (SqliteReplicator replicator = run.Replicator())
        {
            replicator.Ship();
            for (int i = 0; i < 5; i++)
            {
                run.Ship(replicator);
            }
        }

        string pack = Assert.Single(ReplicaFiles.Segments(run.Replica));
        byte[] bytes = File.ReadAllBytes(pack);
        bytes[^50] ^= 0x10;   // in the last page of segment 5
        File.WriteAllBytes(pack, bytes);

        ReplicaRestoreResult result = new SqliteReplica(run.Replica).Restore(folder.File("restored.db"));
        Assert.False(result.IsComplete);
        Assert.Contains("0000000001-0000000005.seg (segment 5)", result.Damage);
        Assert.Contains("fails its checksum", result.Damage);
        Assert.Equal(4, result.SegmentsApplied);
        Assert.Equal(1, result.SegmentsLost);
        Assert.Equal(run.States[3], LedgerState.Of(folder.File("restored.db")));
    }
}
