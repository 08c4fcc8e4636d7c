using Xunit;
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OmniSqlite.Tests.Backups;

public sealed class BackupCreateTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private BackupOptions Options(BackupMethod method = BackupMethod.OnlineBackup, bool compress = true) =>
        new() { Directory = _temp.File("backups"), Method = method, Compress = compress };

    private static BackupOptions WithSteps(BackupOptions options, int pages)
    {
        options.PagesPerStep = pages;
        return options;
    }

    [Theory]
    [InlineData(BackupMethod.OnlineBackup, true)]
    [InlineData(BackupMethod.OnlineBackup, false)]
    [InlineData(BackupMethod.VacuumInto, true)]
    [InlineData(BackupMethod.VacuumInto, false)]
    public async Task Create_publishes_a_verified_backup_with_metadata_that_List_reports(BackupMethod method, bool compress)
    {
        string db = Ledger.Create(_temp.File("app.db"));
        var backups = new SqliteBackups(Options(method, compress));
        var reports = new List<BackupProgress>();

        using var connection = Ledger.Open(db);
        BackupResult result = await backups.CreateAsync(connection, new InlineProgress<BackupProgress>(reports.Add));

        Assert.True(File.Exists(result.Path));
        Assert.EndsWith(compress ? ".db.gz" : ".db", result.Path);
        Assert.StartsWith("app-", Path.GetFileName(result.Path));
        Assert.True(result.Verified);
        Assert.True(result.Pages > 1);
        Assert.Equal(new FileInfo(result.Path).Length, result.FileBytes);
        if (compress)
        {
            Assert.True(result.FileBytes < result.DatabaseBytes, "gzip should shrink the repetitive ledger");
        }
        else
        {
            Assert.Equal(result.DatabaseBytes, result.FileBytes);
        }

        BackupInfo listed = Assert.Single(backups.List());
        Assert.Equal(result.Path, listed.Path);
        Assert.Equal("app", listed.Database);
        Assert.Equal(method, listed.Method);
        Assert.Equal(compress, listed.Compressed);
        Assert.Equal(Files.Sha256(result.Path).ToLowerInvariant(), listed.Sha256);
        Assert.Single(backups.List("app"));
        Assert.Empty(backups.List("other"));

        // Only the backup and its metadata are left in the folder: no temporary files.
        Assert.Equal(new[] { Path.GetFileName(result.Path), Path.GetFileName(result.Path) + ".meta" }.OrderBy(x => x),
            Files.InBackupDirectory(backups.Options.Directory).Select(Path.GetFileName).OrderBy(x => x));

        Assert.Contains(reports, r => r.Stage == BackupStage.Copying);
        Assert.Contains(reports, r => r.Stage == BackupStage.Verifying);
        Assert.Equal(BackupStage.Completed, reports[^1].Stage);

        string copy = Files.Extract(result.Path, _temp.File("copy.db"));
        Assert.Equal(Ledger.Totals(connection), Ledger.Totals(copy));
        Assert.True((await backups.VerifyAsync(listed)).IsValid);
    }

    [Fact]
    public async Task Create_from_a_path_does_not_create_a_missing_database()
    {
        var backups = new SqliteBackups(Options());
        string missing = _temp.File("missing.db");
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => backups.CreateAsync(missing));
        Assert.Contains("missing.db", ex.Message);
        Assert.False(File.Exists(missing));
        Assert.Empty(backups.List());
    }

    [Fact]
    public async Task Create_refuses_a_connection_inside_a_transaction()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 10);
        using var connection = Ledger.Open(db);
        using var tx = connection.BeginTransaction();
        var backups = new SqliteBackups(Options());
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => backups.CreateAsync(connection));
        Assert.Contains("transaction", ex.Message);
    }

    /// <summary>
    /// The livelock case, made deterministic: between every single-page step another connection commits a
    /// transfer. Without the held snapshot SQLite would restart the copy after each commit and never finish.
    /// </summary>
    [Fact]
    public async Task Online_backup_with_one_page_steps_finishes_under_a_writer_committing_between_every_step()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 400);
        using var source = Ledger.Open(db);
        using var writer = Ledger.Open(db);
        (long rowsAtStart, _) = Ledger.Totals(source);
        long pages = Ledger.Scalar(source, "PRAGMA page_count;");
        long commits = 0;

        var backups = new SqliteBackups(WithSteps(Options(), 1));
        BackupResult result = await backups.CreateAsync(source, new InlineProgress<BackupProgress>(p =>
        {
            if (p.Stage == BackupStage.Copying)
            {
                Ledger.TransferCommitted(writer, 1_000_000 + commits++);
            }
        }));

        Assert.Equal(0, result.Restarts);
        Assert.Equal(pages, result.Steps);
        Assert.True(commits >= pages, $"the writer committed {commits} times during {pages} steps");
        (long rows, long sum) = Ledger.Totals(Files.Extract(result.Path, _temp.File("copy.db")));
        Assert.Equal(0, sum);
        Assert.Equal(rowsAtStart, rows); // the snapshot of the moment the backup started
        Assert.Equal(rowsAtStart + 2 * commits, Ledger.Totals(source).Rows);
    }

    /// <summary>The control for the test above: the same interleaving without a held snapshot makes SQLite restart.</summary>
    [Fact]
    public void Plain_stepping_without_a_snapshot_restarts_under_the_same_writer()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 400);
        using var source = Ledger.Open(db);
        using var writer = Ledger.Open(db);
        using var destination = new SqliteConnection($"Data Source={_temp.File("naive.db")};Pooling=False");
        destination.Open();

        sqlite3_backup backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
        int restarts = 0;
        long last = long.MaxValue;
        try
        {
            for (int i = 0; i < 50; i++)
            {
                int rc = raw.sqlite3_backup_step(backup, 1);
                Assert.True(rc is raw.SQLITE_OK or raw.SQLITE_DONE, $"step returned {rc}");
                long remaining = raw.sqlite3_backup_remaining(backup);
                if (remaining > last)
                {
                    restarts++;
                }

                last = remaining;
                Ledger.TransferCommitted(writer, 2_000_000 + i);
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }

        Assert.True(restarts > 0, "without a read snapshot the copy restarts after another connection's commit");
    }

    [Theory]
    [InlineData(BackupMethod.OnlineBackup)]
    [InlineData(BackupMethod.VacuumInto)]
    public async Task Backups_taken_while_four_writers_insert_are_consistent_snapshots(BackupMethod method)
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 300);
        var options = Options(method);
        options.PagesPerStep = 4; // many steps, each a chance for a writer to get in between
        var backups = new SqliteBackups(options);
        using var stop = new CancellationTokenSource();
        var writerErrors = new ConcurrentQueue<Exception>();
        long transfers = 0;

        Task[] writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            try
            {
                using var connection = Ledger.Open(db);
                long seed = w * 10_000_000L;
                while (!stop.IsCancellationRequested)
                {
                    Ledger.TransferCommitted(connection, seed++);
                    Interlocked.Increment(ref transfers);
                }
            }
            catch (Exception ex)
            {
                writerErrors.Enqueue(ex);
            }
        })).ToArray();

        var results = new List<BackupResult>();
        using (var source = Ledger.Open(db))
        {
            DateTime until = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < until || results.Count < 3)
            {
                results.Add(await backups.CreateAsync(source));
            }
        }

        stop.Cancel();
        await Task.WhenAll(writers);
        Assert.Empty(writerErrors);
        Assert.True(Interlocked.Read(ref transfers) > 0);

        var rowCounts = new HashSet<long>();
        foreach (BackupResult result in results)
        {
            Assert.True(result.Verified);
            Assert.Equal(0, result.Restarts);
            string copy = Files.Extract(result.Path, _temp.File(Guid.NewGuid().ToString("N") + ".db"));
            Assert.True((await backups.VerifyAsync(copy)).IsValid);
            (long rows, long sum) = Ledger.Totals(copy);
            Assert.Equal(0, sum);
            Assert.Equal(0, rows % 2);
            rowCounts.Add(rows);
        }

        Assert.True(rowCounts.Count > 1, "the writers were writing while the backups ran");
        Assert.Equal(results.Count, backups.List().Count);
    }
}
