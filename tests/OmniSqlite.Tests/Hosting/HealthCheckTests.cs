using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniSqlite.Tests.Profiles;

namespace OmniSqlite.Tests.Hosting;

/// <summary>services.AddHealthChecks().AddOmniSqlite() against real files: a database, its -wal file, a backup folder.</summary>
public sealed class HealthCheckTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static async Task<HealthReportEntry> CheckAsync(string connectionString, Action<OmniSqlite.Hosting.OmniSqliteHealthCheckOptions> configure, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (time is not null) services.AddSingleton(time);
        services.AddOmniSqlite(o => o.ConnectionString = connectionString);
        services.AddHealthChecks().AddOmniSqlite(configure);
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["omnisqlite"];
    }

    private static async Task<BackupResult> BackUpAsync(ProfileTempFolder folder, string backups)
    {
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        Db.Exec(connection, "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1)");
        return await new SqliteBackups(new BackupOptions { Directory = backups }).CreateAsync(folder.File(), null, CancellationToken.None);
    }

    [Fact]
    public async Task A_fresh_database_with_a_fresh_verified_backup_is_healthy_with_the_figures()
    {
        using var folder = new ProfileTempFolder();
        var backups = Path.Combine(folder.Path, "backups");
        var backup = await BackUpAsync(folder, backups);

        var entry = await CheckAsync(folder.ConnectionString(), o => o.BackupDirectory = backups);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(folder.File(), entry.Data["database"]);
        Assert.True((long)entry.Data["database_bytes"] > 0);
        Assert.True(entry.Data.ContainsKey("wal_bytes"));
        Assert.True((double)entry.Data["last_backup_age_seconds"] < 3600);
        Assert.True(backup.Verified);
    }

    [Fact]
    public async Task A_wal_above_the_threshold_is_degraded_and_says_why()
    {
        using var folder = new ProfileTempFolder();
        using var holder = SqliteProfile.Production.Open(folder.ConnectionString()); // keeps the -wal file (the last close removes it)
        Db.Exec(holder, "CREATE TABLE t(x); INSERT INTO t SELECT randomblob(1000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n)");
        var wal = new FileInfo(folder.File() + "-wal").Length;
        Assert.True(wal > 100_000, $"the -wal file is {wal} bytes");

        var entry = await CheckAsync(folder.ConnectionString(), o => o.WalSizeThreshold = 100_000);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("the WAL is", entry.Description);
        Assert.Contains("above 100000", entry.Description);
        Assert.True((long)entry.Data["wal_bytes"] > 100_000);
        Assert.Equal(100_000L, entry.Data["wal_threshold_bytes"]);
    }

    [Fact]
    public async Task No_verified_backup_in_the_backup_folder_is_degraded()
    {
        using var folder = new ProfileTempFolder();
        var backups = Path.Combine(folder.Path, "backups");
        Directory.CreateDirectory(backups);
        using (var connection = SqliteProfile.Production.Open(folder.ConnectionString())) Db.Exec(connection, "CREATE TABLE t(x)");

        var entry = await CheckAsync(folder.ConnectionString(), o => o.BackupDirectory = backups);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("no verified backup in " + backups, entry.Description);
    }

    [Fact]
    public async Task A_backup_older_than_the_threshold_is_degraded_with_its_age()
    {
        using var folder = new ProfileTempFolder();
        var backups = Path.Combine(folder.Path, "backups");
        var backup = await BackUpAsync(folder, backups);
        var later = new FixedTime(new DateTimeOffset(DateTime.SpecifyKind(backup.Backup.CreatedUtc, DateTimeKind.Utc)).AddHours(30));

        var entry = await CheckAsync(folder.ConnectionString(), o => { o.BackupDirectory = backups; o.BackupAgeThreshold = TimeSpan.FromHours(26); }, later);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("30 hours old, above 26", entry.Description);
        Assert.Equal(30 * 3600.0, (double)entry.Data["last_backup_age_seconds"], 0);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_unhealthy_and_left_as_it_was()
    {
        using var folder = new ProfileTempFolder();
        File.WriteAllText(folder.File(), "not a database, just text that is long enough to fill a header page................................");
        var before = File.ReadAllBytes(folder.File());

        var entry = await CheckAsync(folder.ConnectionString(), _ => { });

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("cannot be opened and read", entry.Description);
        Assert.Equal(before, File.ReadAllBytes(folder.File()));
    }
}
