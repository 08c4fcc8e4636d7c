using Microsoft.Data.Sqlite;
using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class SqliteProfileTests
{
    private static readonly string[] PerConnection = { "busy_timeout", "cache_size", "temp_store", "mmap_size", "foreign_keys", "synchronous", "journal_size_limit", "wal_autocheckpoint" };

    private static void AssertProductionPragmas(SqliteConnection connection)
    {
        Assert.Equal("wal", Db.Text(connection, "PRAGMA journal_mode"));
        Assert.Equal(1, Db.Long(connection, "PRAGMA synchronous"));
        Assert.Equal(-64000, Db.Long(connection, "PRAGMA cache_size"));
        Assert.Equal(2, Db.Long(connection, "PRAGMA temp_store"));
        Assert.Equal(268435456, Db.Long(connection, "PRAGMA mmap_size"));
        Assert.Equal(5000, Db.Long(connection, "PRAGMA busy_timeout"));
        Assert.Equal(1, Db.Long(connection, "PRAGMA foreign_keys"));
        Assert.Equal(67108864, Db.Long(connection, "PRAGMA journal_size_limit"));
        Assert.Equal(1000, Db.Long(connection, "PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public void Production_on_a_new_database_applies_and_reads_back_every_pragma()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString(), null, out var report);

        Assert.True(report.AllApplied, report.ToString());
        Assert.True(report.IsNewDatabase);
        Assert.Equal(10, report.Pragmas.Count);
        Assert.Equal("wal", report["journal_mode"].Actual);
        Assert.Equal("2", report["auto_vacuum"].Actual);
        Assert.Equal("5000", report["busy_timeout"].Actual);
        Assert.Equal(folder.File(), report.DataSource);
        Assert.NotNull(report.FileSystem);
        Assert.False(report.FileSystem!.IsNetwork);
        AssertProductionPragmas(connection);

        Db.Exec(connection, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        Assert.Equal(2, Db.Long(connection, "PRAGMA auto_vacuum"));
        Assert.Contains("journal_mode=wal", report.ToString());
    }

    [Fact]
    public void Production_on_an_existing_database_switches_to_wal_and_reports_the_auto_vacuum_mismatch_without_vacuuming()
    {
        using var folder = new ProfileTempFolder();
        using (var plain = Db.OpenPlain(folder.ConnectionString()))
        {
            Db.Exec(plain, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t(v) VALUES ('a'), ('b');");
        }
        SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(folder.File());

        using var connection = SqliteProfile.Production.Open(folder.ConnectionString(), null, out var report);

        Assert.False(report.IsNewDatabase);
        Assert.False(report.AllApplied);
        var autoVacuum = report["auto_vacuum"];
        Assert.Equal(PragmaOutcome.Skipped, autoVacuum.Outcome);
        Assert.Equal("0", autoVacuum.Actual);
        Assert.Equal("2", autoVacuum.Requested);
        Assert.Contains("PRAGMA auto_vacuum=INCREMENTAL; VACUUM;", autoVacuum.Note);
        Assert.Contains(report.Warnings, w => w.Contains("never runs VACUUM"));
        Assert.Equal(0, Db.Long(connection, "PRAGMA auto_vacuum"));
        Assert.Equal(before.Length, new FileInfo(folder.File()).Length); // no VACUUM rewrote the file
        foreach (var p in report.Pragmas)
        {
            if (p.Name != "auto_vacuum") Assert.Equal(PragmaOutcome.Applied, p.Outcome);
        }
        AssertProductionPragmas(connection);
        Assert.Equal(2, Db.Long(connection, "SELECT count(*) FROM t"));
    }

    [Fact]
    public void Production_on_an_existing_incremental_database_reports_auto_vacuum_applied()
    {
        using var folder = new ProfileTempFolder();
        using (var first = SqliteProfile.Production.Open(folder.ConnectionString()))
        {
            Db.Exec(first, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
        }
        SqliteConnection.ClearAllPools(); // a new native handle: the pooled one would hand back its first report
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString(), null, out var report);
        Assert.False(report.IsNewDatabase);
        Assert.True(report.AllApplied, report.ToString());
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Default_profile_states_sqlite_defaults()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Default.Open(folder.ConnectionString(), null, out var report);
        Assert.True(report.AllApplied, report.ToString());
        Assert.Null(report.FileSystem); // the guard only looks when WAL is asked for
        Assert.Equal("delete", Db.Text(connection, "PRAGMA journal_mode"));
        Assert.Equal(2, Db.Long(connection, "PRAGMA synchronous"));
        Assert.Equal(-2000, Db.Long(connection, "PRAGMA cache_size"));
        Assert.Equal(0, Db.Long(connection, "PRAGMA busy_timeout"));
        Assert.Equal(0, Db.Long(connection, "PRAGMA foreign_keys"));
        Assert.Equal(0, Db.Long(connection, "PRAGMA auto_vacuum"));
    }

    [Fact]
    public void With_methods_return_changed_copies_and_leave_the_original_alone()
    {
        var custom = SqliteProfile.Production.WithCacheSize(-128000).WithBusyTimeout(TimeSpan.FromSeconds(10)).WithSynchronous(SqliteSynchronous.Full);
        Assert.Equal(-128000, custom.CacheSize);
        Assert.Equal(TimeSpan.FromSeconds(10), custom.BusyTimeout);
        Assert.Equal(SqliteSynchronous.Full, custom.Synchronous);
        Assert.Equal(SqliteJournalMode.Wal, custom.JournalMode);
        Assert.Equal(-64000, SqliteProfile.Production.CacheSize);
        Assert.Equal(SqliteSynchronous.Normal, SqliteProfile.Production.Synchronous);
        Assert.Contains("PRAGMA cache_size=-128000;", custom.ToString());

        var fromText = SqliteProfile.Default.WithPragma("journal_mode", "WAL").WithPragma("foreign_keys", "on").WithPragma("busy_timeout", "2500").WithPragma("synchronous", "normal");
        Assert.Equal(SqliteJournalMode.Wal, fromText.JournalMode);
        Assert.True(fromText.ForeignKeys);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), fromText.BusyTimeout);
        Assert.Equal(SqliteSynchronous.Normal, fromText.Synchronous);
    }

    [Fact]
    public void Custom_values_are_applied_and_read_back()
    {
        using var folder = new ProfileTempFolder();
        var profile = SqliteProfile.Production.WithCacheSize(-8000).WithTempStore(SqliteTempStore.File).WithMmapSize(0).WithForeignKeys(false).WithJournalSizeLimit(-1).WithWalAutoCheckpoint(500);
        using var connection = profile.Open(folder.ConnectionString(), null, out var report);
        Assert.True(report.AllApplied, report.ToString());
        Assert.Equal(-8000, Db.Long(connection, "PRAGMA cache_size"));
        Assert.Equal(1, Db.Long(connection, "PRAGMA temp_store"));
        Assert.Equal(0, Db.Long(connection, "PRAGMA mmap_size"));
        Assert.Equal(0, Db.Long(connection, "PRAGMA foreign_keys"));
        Assert.Equal(500, Db.Long(connection, "PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public void ApplyProfile_on_a_connection_opened_by_hand_returns_the_read_back()
    {
        using var folder = new ProfileTempFolder();
        using var connection = Db.OpenPlain(folder.ConnectionString());
        var report = connection.ApplyProfile(SqliteProfile.Production);
        Assert.True(report.AllApplied, report.ToString());
        AssertProductionPragmas(connection);
    }

    [Fact]
    public async Task OpenAsync_and_ApplyProfileAsync_apply_the_profile()
    {
        using var folder = new ProfileTempFolder();
        await using (var connection = await SqliteProfile.Production.OpenAsync(folder.ConnectionString()))
        {
            AssertProductionPragmas(connection);
        }
        await using var plain = Db.OpenPlain(folder.ConnectionString("b.db"));
        var report = await plain.ApplyProfileAsync(SqliteProfile.Production);
        Assert.True(report.AllApplied, report.ToString());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqliteProfile.Production.OpenAsync(folder.ConnectionString("c.db"), cts.Token));
        Assert.False(File.Exists(folder.File("c.db")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plain.ApplyProfileAsync(SqliteProfile.Production, cts.Token));
        var logger = new ListLogger();
        await using var fresh = Db.OpenPlain(folder.ConnectionString("d.db")); // a handle the profile has not seen logs its report
        var logged = await fresh.ApplyProfileAsync(SqliteProfile.Production, logger, CancellationToken.None);
        Assert.True(logged.AllApplied);
        Assert.Contains(logger.Entries, e => e.Message.Contains("busy_timeout=5000"));
    }

    [Fact]
    public void In_memory_database_gets_the_per_connection_pragmas_and_skips_journal_and_mmap()
    {
        using var connection = SqliteProfile.Production.Open("Data Source=:memory:", null, out var report);
        Assert.True(report.IsInMemory);
        Assert.Equal(PragmaOutcome.Skipped, report["journal_mode"].Outcome);
        Assert.Equal("memory", report["journal_mode"].Actual);
        Assert.Equal(PragmaOutcome.Skipped, report["mmap_size"].Outcome);
        Assert.Equal(PragmaOutcome.Applied, report["busy_timeout"].Outcome);
        Assert.Equal(1, Db.Long(connection, "PRAGMA foreign_keys"));
        Assert.Equal(-64000, Db.Long(connection, "PRAGMA cache_size"));
    }

    // --- pooling -------------------------------------------------------------------------------------------------

    [Fact]
    public void Pooled_handles_keep_whatever_pragmas_the_previous_user_left_so_Open_applies_them_every_time()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();

        // Microsoft.Data.Sqlite hands back the same native handle with its PRAGMA state: measured here, not assumed.
        using (var first = Db.OpenPlain(cs))
        {
            Db.Exec(first, "PRAGMA cache_size=123; PRAGMA foreign_keys=1; PRAGMA busy_timeout=777");
        }
        using (var second = Db.OpenPlain(cs))
        {
            Assert.Equal(123, Db.Long(second, "PRAGMA cache_size"));
            Assert.Equal(777, Db.Long(second, "PRAGMA busy_timeout"));
            // Someone lowers the settings and hands the connection back to the pool.
            Db.Exec(second, "PRAGMA cache_size=5; PRAGMA foreign_keys=0; PRAGMA busy_timeout=0; PRAGMA synchronous=0; PRAGMA temp_store=1; PRAGMA mmap_size=0");
        }
        for (var i = 0; i < 3; i++)
        {
            using var connection = SqliteProfile.Production.Open(cs);
            AssertProductionPragmas(connection);
            Db.Exec(connection, "PRAGMA cache_size=5; PRAGMA foreign_keys=0; PRAGMA busy_timeout=0");
        }
    }

    [Fact]
    public void A_profile_connection_closed_and_reopened_gets_the_pragmas_again()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        using var connection = SqliteProfile.Production.Open(cs);
        for (var i = 0; i < 3; i++)
        {
            Db.Exec(connection, "PRAGMA cache_size=5; PRAGMA foreign_keys=0; PRAGMA busy_timeout=0; PRAGMA synchronous=0");
            connection.Close();
            // Poison the pool: another user takes the pooled handle and lowers everything.
            using (var other = Db.OpenPlain(cs))
            {
                Db.Exec(other, "PRAGMA cache_size=7; PRAGMA temp_store=1; PRAGMA mmap_size=0");
            }
            connection.Open();
            AssertProductionPragmas(connection);
        }
    }

    [Fact]
    public async Task Many_pooled_connections_opened_concurrently_all_hold_the_per_connection_pragmas()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        using (var setup = SqliteProfile.Production.Open(cs)) Db.Exec(setup, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                using var connection = SqliteProfile.Production.Open(cs);
                foreach (var pragma in PerConnection) Assert.NotNull(Db.Scalar(connection, "PRAGMA " + pragma));
                AssertProductionPragmas(connection);
                Db.Exec(connection, "PRAGMA cache_size=1; PRAGMA foreign_keys=0");
            }
        }));
        await Task.WhenAll(tasks);
    }

    // --- slow-query log ------------------------------------------------------------------------------------------

    [Fact]
    public void Slow_query_log_reports_statements_over_the_threshold_through_the_logger()
    {
        using var folder = new ProfileTempFolder();
        var logger = new ListLogger();
        using (var connection = SqliteProfile.Production.WithSlowQueryLog(TimeSpan.Zero).Open(folder.ConnectionString(), logger))
        {
            Db.Exec(connection, "CREATE TABLE marker_table(id INTEGER PRIMARY KEY)");
            Db.Long(connection, "SELECT count(*) FROM marker_table");
        }
        Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("SELECT count(*) FROM marker_table"));

        var quiet = new ListLogger();
        using (var connection = SqliteProfile.Production.WithSlowQueryLog(TimeSpan.FromHours(1)).Open(folder.ConnectionString(), quiet))
        {
            Db.Long(connection, "SELECT count(*) FROM marker_table");
        }
        Assert.DoesNotContain(quiet.Entries, e => e.Message.Contains("Slow SQLite statement"));

        // A pooled handle does not keep logging for the next user who did not ask for it.
        using (var connection = SqliteProfile.Production.Open(folder.ConnectionString(), quiet))
        {
            Db.Long(connection, "SELECT count(*) FROM marker_table WHERE id > 0");
        }
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("WHERE id > 0"));
        Assert.Equal(100, SqliteProfile.Production.WithSlowQueryLog().SlowQueryThreshold!.Value.TotalMilliseconds);
    }
}
