using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using OmniSqlite.Cli;
using Xunit;
using Xunit.Abstractions;

namespace OmniSqlite.Tests.Backups;

/// <summary>Issue 20 items 7-11: backups and restores that leave no mess, under kills, concurrency, other users and hostile files.</summary>
public sealed class BackupHardeningTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[] Leftovers(string directory) =>
        Directory.GetFiles(directory, ".*").Select(Path.GetFileName).Where(n => n != ".omnisqlite-backup.lock").ToArray()!;

    // ---- Item 7: leftovers of dead runs -------------------------------------------------------------------------

    /// <summary>Fresh temporary files of a run that is not alive (no one holds the directory's lock) go at the next backup; before, they stayed for a day.</summary>
    [Fact]
    public async Task The_next_backup_removes_a_dead_runs_fresh_temporary_files()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 50);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult first = await backups.CreateAsync(db);
        string dir = backups.Options.Directory;
        string stem = "." + Path.GetFileName(first.Path).Replace("app-", "app-x") + ".0123456789ab";
        string[] dead = [stem + ".copy.tmp", stem + ".copy.tmp-journal", stem + ".copy.tmp-wal", stem + ".gz.tmp", stem + ".meta.tmp"];
        foreach (string name in dead)
        {
            File.WriteAllText(Path.Combine(dir, name), "left by a SIGKILLed run a second ago");
        }

        string orphanMeta = Path.Combine(dir, "app-20200101T000000000Z.db.gz.meta");
        File.WriteAllText(orphanMeta, File.ReadAllText(first.Backup.MetadataPath));
        string notOurs = Path.Combine(dir, ".keep-me.tmp");
        File.WriteAllText(notOurs, "some other tool's file");

        await backups.CreateAsync(db);

        Assert.Equal([".keep-me.tmp"], Leftovers(dir));
        Assert.False(File.Exists(orphanMeta));
        Assert.Equal(2, backups.List().Count);
    }

    /// <summary>
    /// The kill loop: backups of a database that a writer keeps inserting into are SIGKILLed at random moments (10 here;
    /// OMNISQLITE_KILL_LOOP=50 for the long run), then one backup runs to the end: no temporary file may be left.
    /// </summary>
    [Fact]
    public async Task SIGKILLed_backups_under_a_writer_leave_no_temp_file_after_the_next_run()
    {
        int kills = int.TryParse(Environment.GetEnvironmentVariable("OMNISQLITE_KILL_LOOP"), out int n) && n > 0 ? n : 10;
        string db = Ledger.Create(_temp.File("app.db"), transfers: 12000, noteLength: 300);
        string dir = _temp.File("backups");
        using var stop = new CancellationTokenSource();
        long written = 0;
        Task writer = Task.Run(() =>
        {
            using var connection = Ledger.Open(db);
            for (long seed = 1_000_000; !stop.IsCancellationRequested; seed++)
            {
                Ledger.TransferCommitted(connection, seed);
                Interlocked.Increment(ref written);
                Thread.Sleep(2);
            }
        });

        // The kill points are drawn from how long one copy takes on this machine: fixed delays that land mid-copy on a
        // slow machine all land after the end on a fast one (a CI run killed 10 finished backups and proved nothing).
        TimeSpan copy = await TimeOneCopyAsync(db, dir);
        var random = new Random(20);
        int killsThatLeftFiles = 0;
        long leftBytes = 0;
        var watch = Stopwatch.StartNew();
        int runs = 0;

        // A run that ended before its kill proves nothing; more runs (up to twice the asked number) make up for them.
        for (; runs < kills || (killsThatLeftFiles == 0 && runs < 2 * kills); runs++)
        {
            string[] before = TemporaryFiles(dir);
            using Process child = ChildProcess.StartCli(["backup", db, "--dir", dir, "--quiet", "--method", runs % 2 == 0 ? "online" : "vacuum"]);
            if (!await WaitForTemporaryFileAsync(child, dir, before))
            {
                continue;
            }

            int delay = runs < kills ? random.Next(0, Math.Max(1, (int)copy.TotalMilliseconds)) : 0;
            await Task.Delay(delay);
            child.Kill();
            await child.WaitForExitAsync();
            string[] leftovers = Leftovers(dir);
            if (leftovers.Length > 0)
            {
                killsThatLeftFiles++;
                leftBytes += leftovers.Sum(f => new FileInfo(Path.Combine(dir, f)).Length);
            }
        }

        log.WriteLine($"{runs} kills in {watch.Elapsed.TotalSeconds:0.0} s (one copy takes {copy.TotalMilliseconds:0} ms); {killsThatLeftFiles} left temporary files ({leftBytes / 1024} KiB in all) before the next run; writer committed {Interlocked.Read(ref written)} transfers");
        Assert.True(killsThatLeftFiles > 0, "no kill happened mid-backup, so the test proves nothing");

        var backups = new SqliteBackups(new BackupOptions { Directory = dir });
        BackupResult last = await backups.CreateAsync(db);
        stop.Cancel();
        await writer;

        Assert.Empty(Leftovers(dir));
        Assert.Equal(last.Path, backups.List()[0].Path);
        foreach (BackupInfo backup in backups.List())
        {
            Assert.True((await backups.VerifyAsync(backup)).IsValid, backup.Path);
        }

        Assert.Equal(0, Ledger.Totals(db).Sum);
    }

    private static string[] TemporaryFiles(string dir) => Directory.Exists(dir) ? Directory.GetFiles(dir, ".*.tmp") : [];

    /// <summary>
    /// Waits until the run is past start-up: a temporary file of its own copy exists (not one a killed run left, which
    /// it removes at start); false if it ended first.
    /// </summary>
    private static async Task<bool> WaitForTemporaryFileAsync(Process child, string dir, string[] before, int pollMilliseconds = 5)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!child.HasExited && DateTime.UtcNow < until)
        {
            if (TemporaryFiles(dir).Except(before).Any())
            {
                return true;
            }

            await Task.Delay(pollMilliseconds);
        }

        return false;
    }

    /// <summary>
    /// How long one unkilled run takes from its first temporary file to its end, polled every millisecond; a copy can be
    /// over between two polls, so up to three runs are timed before taking one poll's length.
    /// </summary>
    private static async Task<TimeSpan> TimeOneCopyAsync(string db, string dir)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            using Process child = ChildProcess.StartCli(["backup", db, "--dir", dir, "--quiet"]);
            bool started = await WaitForTemporaryFileAsync(child, dir, TemporaryFiles(dir), pollMilliseconds: 1);
            var watch = Stopwatch.StartNew();
            await child.WaitForExitAsync();
            Assert.True(child.ExitCode == 0, $"the timing backup failed with exit code {child.ExitCode}: {await child.StandardError.ReadToEndAsync()}");
            if (started) return watch.Elapsed;
        }

        return TimeSpan.FromMilliseconds(1);
    }

    // ---- Item 8: restore over a database that is open elsewhere ------------------------------------------------

    /// <summary>An idle connection holds no lock in a rollback-journal mode, so SQLite cannot see it; the restore still refuses.</summary>
    [Theory]
    [InlineData("delete")]
    [InlineData("truncate")]
    [InlineData("persist")]
    [InlineData("wal")]
    public async Task Restore_is_refused_while_another_connection_holds_the_target_open_in_any_journal_mode(string journalMode)
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);

        // Another pool (pooling off): ClearAllPools does not close it, as another process's would not be.
        using var live = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        live.Open();
        Ledger.Execute(live, $"PRAGMA journal_mode = {journalMode};");
        Ledger.TransferCommitted(live, 77);
        (long Rows, long Sum) liveTotals = Ledger.Totals(live);
        string?[] before = Files.SnapshotDatabase(db);

        var ex = await Assert.ThrowsAsync<RestoreRefusedException>(() => backups.RestoreAsync(result.Path, db, new RestoreOptions { Overwrite = true }));
        Assert.Equal(BackupErrorReason.TargetInUse, ex.Reason);
        Assert.Contains(Path.GetFullPath(db), ex.Message);
        Assert.Equal(before, Files.SnapshotDatabase(db));

        // The application's connection goes on writing into the same file.
        Ledger.TransferCommitted(live, 78);
        Assert.Equal(liveTotals.Rows + 2, Ledger.Totals(live).Rows);
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*"));
    }

    /// <summary>The case of the reliability pass: another process (the sqlite3 shell) has a DELETE-mode database open and idle.</summary>
    [Fact]
    public async Task Restore_is_refused_while_another_process_has_a_delete_mode_database_open()
    {
        Assert.True(File.Exists("/usr/bin/sqlite3") || !OperatingSystem.IsLinux(), "this test needs the sqlite3 shell (apt-get install sqlite3)");
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        using (var c = Ledger.Open(db))
        {
            Ledger.Execute(c, "PRAGMA journal_mode = DELETE;");
        }

        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);

        using var shell = Process.Start(new ProcessStartInfo("/usr/bin/sqlite3", [db]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            await shell.StandardInput.WriteLineAsync("SELECT 'ready', count(*) FROM ledger;");
            await shell.StandardInput.FlushAsync();
            Assert.StartsWith("ready", await shell.StandardOutput.ReadLineAsync());
            string?[] before = Files.SnapshotDatabase(db);

            var ex = await Assert.ThrowsAsync<RestoreRefusedException>(() => backups.RestoreAsync(result.Path, db, new RestoreOptions { Overwrite = true }));
            Assert.Equal(BackupErrorReason.TargetInUse, ex.Reason);
            Assert.Contains($"{shell.Id} (sqlite3)", ex.Message);
            Assert.Equal(before, Files.SnapshotDatabase(db));

            // The other process can still write.
            await shell.StandardInput.WriteLineAsync("INSERT INTO ledger (account, amount, note) VALUES (1, 5, 'x'), (2, -5, 'x'); SELECT 'wrote', changes();");
            await shell.StandardInput.FlushAsync();
            Assert.StartsWith("wrote", await shell.StandardOutput.ReadLineAsync());
        }
        finally
        {
            shell.StandardInput.Close();
            await shell.WaitForExitAsync();
        }

        // Once it is gone the restore goes ahead.
        await backups.RestoreAsync(result.Path, db, new RestoreOptions { Overwrite = true });
        Assert.Equal(40, Ledger.Totals(db).Rows);
    }

    // ---- Item 9: files longer than their header, and the manifest ----------------------------------------------

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_database_followed_by_zeros_is_refused_and_the_target_is_untouched(bool gzip)
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 200);
        string source = Ledger.Create(_temp.File("source.db"), transfers: 30);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        string bomb = _temp.File(gzip ? "bomb.db.gz" : "bomb.db");
        using (Stream file = File.Create(bomb))
        using (Stream output = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file)
        {
            output.Write(File.ReadAllBytes(source));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++)
            {
                output.Write(zeros);
            }
        }

        string?[] before = Files.SnapshotDatabase(db);
        var ex = await Assert.ThrowsAsync<BackupVerificationException>(() => backups.RestoreAsync(bomb, db, new RestoreOptions { Overwrite = true }));
        Assert.Contains("longer than its header says", ex.Problem);
        Assert.Equal(before, Files.SnapshotDatabase(db));
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*"));
        Assert.False((await backups.VerifyAsync(bomb)).IsValid);
    }

    /// <summary>What a manifest-less restore cannot see (docs/backups.md): a changed byte inside a value. RequireManifest refuses such a file.</summary>
    [Fact]
    public async Task Without_a_manifest_a_flipped_byte_in_a_blob_passes_and_RequireManifest_refuses_the_file()
    {
        string source = _temp.File("blobs.db");
        using (var c = Ledger.Open(source))
        {
            Ledger.Execute(c, "PRAGMA journal_mode = DELETE; CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB NOT NULL); INSERT INTO b (data) VALUES (zeroblob(3000));");
        }

        byte[] bytes = File.ReadAllBytes(source);
        int at = Array.LastIndexOf(bytes, (byte)0, bytes.Length - 200);
        bytes[at] = 0x5a;
        string plain = _temp.File("flipped.db");
        File.WriteAllBytes(plain, bytes);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });

        string target = _temp.File("target.db");
        var ex = await Assert.ThrowsAsync<RestoreRefusedException>(() => backups.RestoreAsync(plain, target, new RestoreOptions { RequireManifest = true }));
        Assert.Equal(BackupErrorReason.ManifestMissing, ex.Reason);
        Assert.Contains("RequireManifest", ex.Message);
        Assert.False(File.Exists(target));

        await backups.RestoreAsync(plain, target);
        using var check = Ledger.Open(target);
        Assert.Equal(1, Ledger.Scalar(check, "SELECT count(*) FROM b WHERE instr(data, x'5a') > 0;"));

        // A backup made by OmniSqlite has its manifest and passes the requirement.
        BackupResult made = await backups.CreateAsync(Ledger.Create(_temp.File("app.db"), transfers: 10));
        await backups.RestoreAsync(made.Backup, _temp.File("from-manifest.db"), new RestoreOptions { RequireManifest = true });
    }

    // ---- Item 10: ownership of the database's files --------------------------------------------------------------

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g %a", path]) { RedirectStandardOutput = true })!;
        string text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>Run as root, a restore used to leave the database owned by root, and its owner (the application) could no longer write.</summary>
    [RootFact]
    public async Task Restore_as_root_keeps_the_targets_owner_and_mode()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        var backups = new SqliteBackups(new BackupOptions { Directory = _temp.File("backups") });
        BackupResult result = await backups.CreateAsync(db);
        Run("chown", "12345:23456", db);
        Run("chmod", "640", db);

        await backups.RestoreAsync(result.Path, db, new RestoreOptions { Overwrite = true });

        Assert.Equal("12345:23456 640", Owner(db));
    }

    /// <summary>A backup run by another (non-root) user is refused before it can create -wal/-shm owned by that user.</summary>
    [RootFact]
    public async Task A_backup_run_as_another_user_is_refused_and_creates_no_file_in_the_database_folder()
    {
        string folder = _temp.File("data");
        Directory.CreateDirectory(folder);
        string db = Ledger.Create(Path.Combine(folder, "app.db"), transfers: 20);
        string dir = _temp.File("backups");
        Directory.CreateDirectory(dir);
        Run("chmod", "777", _temp.Path, folder, dir);
        Run("chown", "12345:12345", db);
        Run("chmod", "666", db);
        Assert.False(File.Exists(db + "-wal") || File.Exists(db + "-shm"));

        var run = await ChildProcess.RunCli(["backup", db, "--dir", dir, "--quiet"], asUid: ChildProcess.NobodyUid);

        Assert.Equal(ExitCodes.Refused, run.Code);
        Assert.Contains("belongs to uid 12345", run.Error);
        Assert.Contains($"runs as uid {ChildProcess.NobodyUid}", run.Error);
        Assert.Equal(["app.db"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Empty(new SqliteBackups(new BackupOptions { Directory = dir }).List());

        // The owner itself may back up.
        var asOwner = await ChildProcess.RunCli(["backup", db, "--dir", dir, "--quiet"], asUid: 12345);
        Assert.True(asOwner.Code == ExitCodes.Success, asOwner.Error);
        Assert.All(Directory.GetFiles(folder), f => Assert.StartsWith("12345:", Owner(f)));
    }

    // ---- Item 11: concurrent runs on one directory ---------------------------------------------------------------

    /// <summary>Three processes run <c>backup --keep 1</c> at once: they take turns, get their own sequence numbers, and none prunes the file it printed.</summary>
    [Fact]
    public async Task Concurrent_backup_processes_with_keep_1_take_turns()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 3000, noteLength: 300);
        string dir = _temp.File("backups");
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ChildProcess.RunCli(["backup", db, "--dir", dir, "--keep", "1", "--json", "--quiet"])));

        var printed = new List<(string Path, long Sequence, string[] Pruned)>();
        foreach (var run in runs)
        {
            Assert.True(run.Code == ExitCodes.Success, run.Error);
            using var json = System.Text.Json.JsonDocument.Parse(run.Output);
            printed.Add((json.RootElement.GetProperty("path").GetString()!, json.RootElement.GetProperty("sequence").GetInt64(),
                json.RootElement.GetProperty("pruned").EnumerateArray().Select(p => p.GetString()!).ToArray()));
        }

        Assert.Equal([1L, 2L, 3L], printed.Select(p => p.Sequence).Order());
        Assert.Equal(3, printed.Select(p => p.Path).Distinct().Count());
        Assert.All(printed, p => Assert.DoesNotContain(p.Path, p.Pruned));

        // The run that went last kept its own backup; each earlier one was pruned by the next run, never by itself.
        string newest = printed.MaxBy(p => p.Sequence).Path;
        Assert.Equal(newest, Assert.Single(new SqliteBackups(new BackupOptions { Directory = dir }).List()).Path);
        Assert.Empty(Leftovers(dir));
    }

    /// <summary>With LockTimeout zero a second run is refused at once, naming the lock, while the first holds it.</summary>
    [Fact]
    public async Task A_run_that_cannot_get_the_lock_in_time_is_refused_with_DirectoryLocked()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 200);
        string dir = _temp.File("backups");
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = new SqliteBackups(new BackupOptions { Directory = dir, PagesPerStep = 1 });
        Task<BackupResult> holding = first.CreateAsync(db, new InlineProgress<BackupProgress>(p =>
        {
            if (p.Stage == BackupStage.Copying && !inside.IsSet)
            {
                inside.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(30)));

        var second = new SqliteBackups(new BackupOptions { Directory = dir, LockTimeout = TimeSpan.Zero });
        var ex = await Assert.ThrowsAsync<BackupException>(() => second.CreateAsync(db));
        Assert.Equal(BackupErrorReason.DirectoryLocked, ex.Reason);
        Assert.Contains(".omnisqlite-backup.lock", ex.Message);
        Assert.Equal(BackupErrorReason.DirectoryLocked, Assert.Throws<BackupException>(() => second.Prune()).Reason);

        release.Set();
        BackupResult done = await holding;
        Assert.Equal(1, done.Backup.Sequence);
        Assert.Equal(2, (await second.CreateAsync(db)).Backup.Sequence);
    }
}
