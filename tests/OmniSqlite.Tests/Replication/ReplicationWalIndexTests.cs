using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>A ship finds its frames through SQLite's wal-index (the -shm file), and scans the WAL when the index does not check.</summary>
public sealed class ReplicationWalIndexTests
{
    [Fact]
    public void A_normal_run_ships_through_the_wal_index_across_its_first_block_and_restores_exactly()
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica, CheckpointFrames = 100_000 });
        replicator.Ship();
        long frames = 0;
        for (int round = 0; round < 3; round++)
        {
            // Over 4062 frames in all: the page numbers of later frames are in the index's second block.
            for (int i = 0; i < 1500; i++)
            {
                Ledger.TransferCommitted(writer, 1000 + (round * 1500) + i, noteLength: 20);
            }

            ReplicaShipResult shipped = replicator.Ship();
            Assert.True(shipped.Frames >= 1500, $"{shipped.Frames} frames");
            frames += shipped.Frames;
            Assert.Null(replicator.IndexFallbackReason);
        }

        Assert.True(frames > WalIndexHeader.FirstBlockFrames, $"{frames} frames");
        Assert.Equal(0, replicator.ScannedShips);
        Assert.True(replicator.IndexedShips >= 3, $"{replicator.IndexedShips} ships through the index");

        ReplicaFiles.RestoreLatestExactly(replica, folder.File("restored.db"), LedgerState.Of(writer));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("one copy changed")]
    [InlineData("both copies changed")]
    [InlineData("short")]
    public void A_missing_or_damaged_wal_index_falls_back_to_the_scan_and_ships_the_same(string damage)
    {
        using var folder = new TempFolder();
        string db = Ledger.Create(folder.File("app.db"), transfers: 30);
        string replica = folder.File("replica");
        using var writer = Ledger.Open(db);
        using var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica, CheckpointFrames = 100_000 });
        replicator.Ship();
        for (int i = 0; i < 200; i++)
        {
            Ledger.TransferCommitted(writer, 1000 + i, noteLength: 20);
        }

        // A copy of the live index, damaged; the live one is left alone (the writer uses it).
        string copy = folder.File("index-copy");
        byte[] bytes = File.ReadAllBytes(db + "-shm");
        switch (damage)
        {
            case "one copy changed":
                bytes[16] ^= 0x01; // mxFrame of the first copy
                break;
            case "both copies changed":
                bytes[16] ^= 0x01;
                bytes[48 + 16] ^= 0x01; // the copies agree, the checksum does not
                break;
            case "short":
                bytes = bytes.Take(60).ToArray();
                break;
        }

        if (damage != "missing")
        {
            File.WriteAllBytes(copy, bytes);
        }

        replicator.WalIndexPath = copy;
        long scannedBefore = replicator.ScannedShips;
        ReplicaShipResult shipped = replicator.Ship();
        Assert.True(shipped.Frames >= 200, $"{shipped.Frames} frames");
        Assert.Equal(scannedBefore + 1, replicator.ScannedShips);
        Assert.NotNull(replicator.IndexFallbackReason);

        ReplicaFiles.RestoreLatestExactly(replica, folder.File("restored.db"), LedgerState.Of(writer));
    }
}
