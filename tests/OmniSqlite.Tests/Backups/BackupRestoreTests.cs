using Xunit;
using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Backups;

public sealed class BackupRestoreTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(BackupMethod.OnlineBackup, true)]
    [InlineData(BackupMethod.OnlineBackup, false)]
    [InlineData(BackupMethod.VacuumInto, true)]
    [InlineData(BackupMethod.VacuumInto, false)]
    public async Task Restore_round_trip_brings_back_the_backed_up_state_and_drops_the_targets_wal(BackupMethod method, bool compress)
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 200);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups"), Method = method, Compress = compress });
        (long Rows, long Sum) atBackup;
        BackupResult result;
        using (var connection = Ledger.Open(db))
        {
            atBackup = Ledger.Totals(connection);
            result = await backups.CreateAsync(connection);

            // Later writes, some left in the WAL (no checkpoint), plus a table the backup does not have.
            Ledger.Execute(connection, "PRAGMA wal_autocheckpoint = 0; CREATE TABLE later (x INTEGER);");
            for (int i = 0; i < 50; i++)
            {
                Ledger.TransferCommitted(connection, 900 + i);
            }
        }

        var reports = new List<BackupProgress>();
        RestoreResult restored = await backups.RestoreAsync(backups.List()[0], db, new RestoreOptions { Overwrite = true, KeepReplacedCopy = true },
            new InlineProgress<BackupProgress>(reports.Add));

        Assert.Equal(Path.GetFullPath(db), restored.TargetPath);
        Assert.Equal(result.Pages, restored.Pages);
        Assert.Equal(atBackup, Ledger.Totals(db));
        Assert.False(File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0, "no stale WAL may remain beside the restored file");
        using (var check = Ledger.Open(db))
        {
            Assert.Equal(0, Ledger.Scalar(check, "SELECT count(*) FROM sqlite_master WHERE name = 'later';"));
            Assert.Equal("ok", (string)new SqliteCommand("PRAGMA integrity_check;", check).ExecuteScalar()!);
        }

        Assert.NotNull(restored.ReplacedCopyPath);
        Assert.Equal(atBackup.Rows + 100, Ledger.Totals(restored.ReplacedCopyPath!).Rows);
        Assert.Contains(reports, r => r.Stage == BackupStage.Extracting);
        Assert.Equal(BackupStage.Completed, reports[^1].Stage);
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*"));
    }

    [Fact]
    public async Task Restore_to_a_new_path_creates_the_database()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);
        string target = _temp.File("restored/app.db");
        await backups.RestoreAsync(result.Path, target);
        Assert.Equal(Ledger.Totals(db), Ledger.Totals(target));
    }

    [Fact]
    public async Task Restore_refuses_to_replace_an_existing_database_without_Overwrite()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);
        string?[] before = Files.SnapshotDatabase(db);
        var ex = await Assert.ThrowsAsync<RestoreRefusedException>(() => backups.RestoreAsync(result.Path, db));
        Assert.Equal(BackupErrorReason.TargetExists, ex.Reason);
        Assert.Contains("Overwrite", ex.Message);
        Assert.Equal(before, Files.SnapshotDatabase(db));
    }

    [Fact]
    public async Task Restore_refuses_a_target_that_another_connection_has_open()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);
        using var live = Ledger.Open(db);
        Ledger.TransferCommitted(live, 77);
        (long Rows, long Sum) liveTotals = Ledger.Totals(live);

        var ex = await Assert.ThrowsAsync<RestoreRefusedException>(() => backups.RestoreAsync(result.Path, db, new RestoreOptions { Overwrite = true }));
        Assert.Equal(BackupErrorReason.TargetInUse, ex.Reason);
        Assert.Contains("in use", ex.Message);
        Assert.Equal(liveTotals, Ledger.Totals(live));
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*"));
    }

    public static TheoryData<string> BadFiles => new()
    {
        "text", "empty", "gzip-of-text", "truncated-gzip", "truncated-database", "truncated-database-mid-page",
        "corrupt-page", "corrupt-gzip-byte", "checksum-mismatch", "header-only",
    };

    /// <summary>Each kind of bad file is refused with a clear error, and the live database (and its -wal/-shm) stays byte-identical.</summary>
    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Restore_refuses_a_bad_file_and_leaves_the_target_byte_identical(string kind)
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 300);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult good = await backups.CreateAsync(db);
        string plain = Files.Extract(good.Path, _temp.File("plain.db"));
        string bad = MakeBadFile(kind, good, plain);

        // The live database holds committed data in its WAL and has a connection open (idle).
        using var live = Ledger.Open(db);
        Ledger.Execute(live, "PRAGMA wal_autocheckpoint = 0;");
        Ledger.TransferCommitted(live, 4242);
        string?[] before = Files.SnapshotDatabase(db);
        Assert.NotNull(before[1]);

        var ex = await Assert.ThrowsAsync<BackupVerificationException>(() =>
            backups.RestoreAsync(bad, db, new RestoreOptions { Overwrite = true }));

        Assert.Equal(Path.GetFullPath(bad), ex.BackupPath);
        Assert.Contains(Path.GetFileName(bad), ex.Message);
        Assert.False(string.IsNullOrWhiteSpace(ex.Problem));
        Assert.Equal(before, Files.SnapshotDatabase(db));
        Assert.Equal(0, Ledger.Totals(live).Sum);
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*"));

        BackupVerificationResult verification = await backups.VerifyAsync(bad);
        Assert.False(verification.IsValid);
        Assert.Equal(ex.Problem, verification.Problem);
    }

    private string MakeBadFile(string kind, BackupResult good, string plain)
    {
        string path = _temp.File("bad-" + kind + (kind.Contains("gzip") || kind == "checksum-mismatch" ? ".db.gz" : ".db"));
        byte[] database = File.ReadAllBytes(plain);
        int pageSize = 4096;
        switch (kind)
        {
            case "text":
                File.WriteAllText(path, "id,name\n1,not a database\n");
                break;
            case "empty":
                File.WriteAllBytes(path, Array.Empty<byte>());
                break;
            case "header-only":
                File.WriteAllBytes(path, database[..100]);
                break;
            case "gzip-of-text":
                File.WriteAllBytes(path, Gzip(System.Text.Encoding.UTF8.GetBytes(new string('x', 10_000))));
                break;
            case "truncated-gzip":
                byte[] gz = File.ReadAllBytes(good.Path);
                File.WriteAllBytes(path, gz[..(gz.Length / 2)]);
                break;
            case "truncated-database":
                File.WriteAllBytes(path, database[..(database.Length - 3 * pageSize)]);
                break;
            case "truncated-database-mid-page":
                File.WriteAllBytes(path, database[..(database.Length - 1000)]);
                break;
            case "corrupt-page":
                byte[] copy = (byte[])database.Clone();
                int start = (copy.Length / pageSize / 2) * pageSize; // a page in the middle of the ledger's b-tree
                new Random(1).NextBytes(copy.AsSpan(start, pageSize));
                File.WriteAllBytes(path, copy);
                break;
            case "corrupt-gzip-byte":
                byte[] damaged = File.ReadAllBytes(good.Path);
                damaged[damaged.Length / 2] ^= 0x5a;
                File.WriteAllBytes(path, damaged);
                break;
            case "checksum-mismatch":
                // A valid gzip of a valid database, but not the file its metadata describes.
                File.WriteAllBytes(path, Gzip(database));
                File.Copy(good.Backup.MetadataPath, path + ".meta");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        return path;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task Verify_reports_a_valid_backup_and_a_tampered_one()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 50);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);

        BackupVerificationResult ok = await backups.VerifyAsync(result.Backup);
        Assert.True(ok.IsValid, ok.Problem);
        Assert.Equal(result.Pages, ok.Pages);
        Assert.True((await backups.VerifyAsync(db)).IsValid);

        byte[] bytes = File.ReadAllBytes(result.Path);
        bytes[^10] ^= 1;
        File.WriteAllBytes(result.Path, bytes);
        BackupVerificationResult tampered = await backups.VerifyAsync(result.Backup);
        Assert.False(tampered.IsValid);
        Assert.Contains("SHA-256", tampered.Problem);
        await Assert.ThrowsAsync<FileNotFoundException>(() => backups.VerifyAsync(_temp.File("nope.db.gz")));
    }
}
