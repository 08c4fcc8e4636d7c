using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>Segment format 3 holds the last committed image of each page once, whatever number of frames it covers.</summary>
public sealed class ReplicationSegmentFormatTests
{
    private static Dictionary<string, string> HeaderOf(string segment) =>
        File.ReadLines(segment).TakeWhile(l => l != "end").Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    [Fact]
    public void Many_commits_to_the_same_pages_ship_each_page_once_and_restore_exactly()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica, CheckpointFrames = 100_000 });
        replicator.Ship();
        for (int i = 0; i < 300; i++)
        {
            Ledger.TransferCommitted(writer, 1000 + i, noteLength: 20);
        }

        ReplicaShipResult shipped = replicator.Ship();
        Assert.True(shipped.Frames >= 300, $"{shipped.Frames} frames");
        string segment = Assert.Single(ReplicaFiles.Segments(replica));
        Dictionary<string, string> header = HeaderOf(segment);
        Assert.Equal("3", header["omnisqlite-segment"]);
        Assert.Equal(shipped.Frames.ToString(System.Globalization.CultureInfo.InvariantCulture), header["frames"]);
        long pages = long.Parse(header["pages"], System.Globalization.CultureInfo.InvariantCulture);
        int pageSize = int.Parse(header["page_size"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pages < shipped.Frames / 10, $"{pages} pages for {shipped.Frames} frames");
        Assert.Equal((pages * (8 + pageSize)) + 8, long.Parse(header["payload_bytes"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(new FileInfo(segment).Length < shipped.Frames * pageSize / 10);

        ReplicaRestoreResult result = ReplicaFiles.RestoreLatestExactly(replica, folder.File("restored.db"), LedgerState.Of(writer));
        Assert.Equal(shipped.Frames, result.FramesApplied);
    }

    [Fact]
    public void Pages_of_an_unfinished_transaction_spilled_into_the_WAL_are_not_shipped_until_its_commit()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica, CheckpointFrames = 100_000 });
        replicator.Ship();

        // Commits that write the table's last pages, then, in the same stretch of WAL, a transaction that rewrites those pages
        // and spills them (a cache of 5 pages) without committing: the segment must hold the committed images.
        for (int i = 0; i < 20; i++)
        {
            Ledger.TransferCommitted(writer, 100 + i, noteLength: 300);
        }

        LedgerState committed = LedgerState.Of(writer);
        long walBefore = new FileInfo(db + "-wal").Length;
        Ledger.Execute(writer, "PRAGMA cache_size = 5;");
        using (SqliteTransaction open = writer.BeginTransaction(deferred: false))
        {
            for (int i = 0; i < 200; i++)
            {
                Ledger.Transfer(writer, open, 500 + i, noteLength: 2000);
            }

            Assert.True(new FileInfo(db + "-wal").Length > walBefore + (50 * 4096), "the open transaction spilled pages into the WAL");
            ReplicaShipResult shipped = replicator.Ship();
            Assert.True(shipped.Frames > 0);
            ReplicaRestoreResult before = new SqliteReplica(replica).Restore(folder.File("before.db"));
            Assert.True(before.IsComplete, before.Damage);
            Assert.Equal("ok", ReplicaFiles.IntegrityCheck(folder.File("before.db")));
            Assert.Equal(committed, LedgerState.Of(folder.File("before.db")));
            open.Commit();
        }

        replicator.Ship();

        // Through the wal-index: the spilled frames are after its mxFrame until the commit.
        Assert.Equal(0, replicator.ScannedShips);
        ReplicaRestoreResult after = new SqliteReplica(replica).Restore(folder.File("after.db"));
        Assert.True(after.IsComplete, after.Damage);
        Assert.Equal("ok", ReplicaFiles.IntegrityCheck(folder.File("after.db")));
        Assert.Equal(LedgerState.Of(writer), LedgerState.Of(folder.File("after.db")));
    }
}
