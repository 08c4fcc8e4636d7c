using Xunit;
namespace OmniSqlite.Tests.Backups;

public sealed class BackupRetentionTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempFolder _temp = new();
    private readonly ManualClock _clock = new(Now);
    private readonly string _db;

    public BackupRetentionTests()
    {
        _db = Ledger.Create(_temp.File("app.db"), transfers: 20, noteLength: 10);
    }

    public void Dispose() => _temp.Dispose();

    private SqliteBackups Backups(Action<BackupOptions>? configure = null)
    {
        var options = new BackupOptions { Directory = _temp.File("backups"), PruneAfterCreate = false };
        configure?.Invoke(options);
        return new SqliteBackups(options, timeProvider: _clock);
    }

    /// <summary>Takes a backup with the clock set to <paramref name="at"/>.</summary>
    private BackupInfo TakeAt(DateTime at, bool verify = true, string? database = null)
    {
        var backups = Backups(o => o.Verify = verify);
        _clock.Now = at;
        return backups.CreateAsync(database ?? _db).GetAwaiter().GetResult().Backup;
    }

    private static List<string> Names(IEnumerable<BackupInfo> backups) => backups.Select(b => Path.GetFileName(b.Path)).ToList();

    [Fact]
    public void Without_rules_nothing_is_pruned()
    {
        for (int i = 0; i < 3; i++)
        {
            TakeAt(Now.AddDays(-i * 100));
        }

        var backups = Backups();
        Assert.Empty(backups.Prune());
        Assert.Equal(3, backups.List().Count);
    }

    [Fact]
    public void Keep_counts_the_newest_and_List_is_newest_first()
    {
        // Taken in time order (oldest first); listed newest first.
        BackupInfo[] taken = Enumerable.Range(0, 5).Reverse().Select(i => TakeAt(Now.AddHours(-i))).Reverse().ToArray();
        var backups = Backups(o => o.Keep = 2);
        _clock.Now = Now;

        Assert.Equal(Names(taken), Names(backups.List()));
        Assert.Equal(Names(taken.Skip(2)), Names(backups.PlanPrune()));
        Assert.Equal(5, backups.List().Count); // planning deletes nothing
        Assert.Equal(Names(taken.Skip(2)), Names(backups.Prune()));
        Assert.Equal(Names(taken.Take(2)), Names(backups.List()));
        Assert.All(taken.Skip(2), b => Assert.False(File.Exists(b.Path) || File.Exists(b.MetadataPath)));
    }

    /// <summary>Issue 19: Keep = 0 used to keep one backup; it now means what it says by being refused (the newest is never deleted).</summary>
    [Fact]
    public void Keep_zero_is_refused_and_Keep_one_keeps_only_the_newest()
    {
        var ex = Assert.Throws<ArgumentException>(() => Backups(o => o.Keep = 0));
        Assert.Contains("BackupOptions.Keep must be 1 or more", ex.Message);

        TakeAt(Now.AddDays(-2));
        TakeAt(Now.AddDays(-1));
        BackupInfo newest = TakeAt(Now);
        var backups = Backups(o => o.Keep = 1);
        _clock.Now = Now;

        Assert.Equal(2, backups.Prune().Count);
        Assert.Equal(newest.Path, Assert.Single(backups.List()).Path);
        Assert.Empty(backups.Prune());
        Assert.Single(backups.List());
    }

    [Fact]
    public void When_every_backup_is_too_old_the_newest_survives()
    {
        TakeAt(Now.AddDays(-40));
        TakeAt(Now.AddDays(-31));
        BackupInfo newest = TakeAt(Now.AddDays(-30));
        var backups = Backups(o => o.MaxAge = TimeSpan.FromDays(7));
        _clock.Now = Now;

        Assert.Equal(2, backups.Prune().Count);
        Assert.Equal(newest.Path, Assert.Single(backups.List()).Path);
    }

    [Fact]
    public void Age_and_count_rules_both_apply()
    {
        TakeAt(Now.AddDays(-10));
        TakeAt(Now.AddDays(-3));
        BackupInfo b = TakeAt(Now.AddDays(-2));
        BackupInfo a = TakeAt(Now.AddDays(-1));
        var backups = Backups(o =>
        {
            o.Keep = 3;
            o.MaxAge = TimeSpan.FromDays(2.5);
        });
        _clock.Now = Now;

        backups.Prune();
        Assert.Equal(Names(new[] { a, b }), Names(backups.List()));
    }

    /// <summary>
    /// The clock was a year ahead for one backup, then corrected. That backup sorts as newest; the ones taken after
    /// the correction still include the most recent one (highest sequence), which must survive too. A future date
    /// is not "too old".
    /// </summary>
    [Fact]
    public void Clock_skew_protects_both_the_newest_by_date_and_the_most_recently_made()
    {
        BackupInfo old = TakeAt(Now.AddDays(-3));
        BackupInfo future = TakeAt(Now.AddYears(1));
        BackupInfo afterCorrection1 = TakeAt(Now.AddDays(-1));
        BackupInfo afterCorrection2 = TakeAt(Now.AddDays(-2)); // the clock went back again: made last, dated earlier
        Assert.True(afterCorrection2.Sequence > afterCorrection1.Sequence && afterCorrection1.Sequence > future.Sequence);

        var backups = Backups(o =>
        {
            o.Keep = 1;
            o.MaxAge = TimeSpan.FromDays(30);
        });
        _clock.Now = Now;
        Assert.Equal(Names(new[] { future, afterCorrection1, afterCorrection2, old }), Names(backups.List()));

        backups.Prune();
        Assert.Equal(Names(new[] { future, afterCorrection2 }), Names(backups.List()));

        // Far in the future every backup is too old; the two protected ones remain.
        _clock.Now = Now.AddYears(5);
        backups.Prune();
        Assert.Equal(Names(new[] { future, afterCorrection2 }), Names(backups.List()));
    }

    [Fact]
    public void The_newest_verified_backup_is_kept_even_when_newer_unverified_ones_exist()
    {
        BackupInfo verified = TakeAt(Now.AddDays(-3), verify: true);
        TakeAt(Now.AddDays(-2), verify: false);
        BackupInfo newest = TakeAt(Now.AddDays(-1), verify: false);
        var backups = Backups(o => o.Keep = 1);
        _clock.Now = Now;

        backups.Prune();
        Assert.Equal(Names(new[] { newest, verified }), Names(backups.List()));
        Assert.False(backups.List()[0].Verified);
        Assert.True(backups.List()[1].Verified);
    }

    [Fact]
    public void Retention_applies_to_each_database_separately()
    {
        string other = Ledger.Create(_temp.File("other.db"), transfers: 5, noteLength: 5);
        TakeAt(Now.AddDays(-2));
        TakeAt(Now.AddDays(-1));
        BackupInfo otherOld = TakeAt(Now.AddDays(-50), database: other);
        var backups = Backups(o => o.Keep = 1);
        _clock.Now = Now;

        backups.Prune();
        Assert.Single(backups.List("app"));
        Assert.Equal(otherOld.Path, Assert.Single(backups.List("other")).Path);
    }

    [Fact]
    public async Task PruneAfterCreate_applies_the_rules_after_each_backup()
    {
        var backups = Backups(o =>
        {
            o.Keep = 2;
            o.PruneAfterCreate = true;
        });
        for (int i = 0; i < 4; i++)
        {
            DateTime at = Now.AddMinutes(i);
            _clock.Now = at;
            BackupResult result = await backups.CreateAsync(_db);
            Assert.Equal(i >= 2 ? 1 : 0, result.Pruned.Count);
        }

        Assert.Equal(2, backups.List().Count);
    }

    [Theory]
    [InlineData("Keep")]
    [InlineData("MaxAge")]
    [InlineData("Directory")]
    [InlineData("FileNamePattern")]
    [InlineData("PagesPerStep")]
    public void Invalid_options_are_refused_with_the_option_named(string option)
    {
        var options = new BackupOptions { Directory = _temp.File("backups") };
        switch (option)
        {
            case "Keep": options.Keep = -1; break;
            case "MaxAge": options.MaxAge = TimeSpan.Zero; break;
            case "Directory": options.Directory = " "; break;
            case "FileNamePattern": options.FileNamePattern = "backups/{database}"; break;
            case "PagesPerStep": options.PagesPerStep = -3; break;
        }

        var ex = Assert.Throws<ArgumentException>(() => new SqliteBackups(options));
        Assert.Contains("BackupOptions." + option, ex.Message);
        Assert.False(Directory.Exists(_temp.File("backups")));
    }

    [Fact]
    public void Options_are_copied_when_the_service_is_created()
    {
        var options = new BackupOptions { Directory = _temp.File("backups"), Keep = 3 };
        var backups = new SqliteBackups(options);
        options.Keep = -5;
        options.Directory = "";
        Assert.Equal(3, backups.Options.Keep);
        Assert.Equal(_temp.File("backups"), backups.Options.Directory);
    }
}
