using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OmniSqlite.Tests.Profiles;

/// <summary>Tests that count applications per pooled handle run alone: other tests' clean-up calls SqliteConnection.ClearAllPools(),
/// which would hand these a new native handle half-way.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PooledHandleCollection
{
    public const string Name = "Pooled native handles";
}

/// <summary>The profile costs nothing per pooled open: applied once per native handle, checked cheaply, repaired when changed.</summary>
[Collection(PooledHandleCollection.Name)]
public sealed class PooledProfileTests
{
    [Fact]
    public void A_pooled_handle_reused_1000_times_has_its_pragmas_applied_once()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        SQLitePCL.sqlite3? first = null;
        for (var i = 0; i < 1000; i++)
        {
            using var connection = SqliteProfile.Production.Open(cs);
            first ??= connection.Handle;
            Assert.Same(first, connection.Handle); // the pool hands the same native handle back
            Assert.Equal(1, ProfileApplier.ApplicationsOf(connection));
            Assert.Equal(1L, Db.Long(connection, "SELECT 1"));
        }
        using var last = SqliteProfile.Production.Open(cs);
        Assert.Equal(1, ProfileApplier.ApplicationsOf(last));
        Assert.Equal(5000, Db.Long(last, "PRAGMA busy_timeout"));
        Assert.Equal(-64000, Db.Long(last, "PRAGMA cache_size"));
        Assert.Equal("wal", Db.Text(last, "PRAGMA journal_mode"));
    }

    [Fact]
    public void ApplyProfile_on_a_pooled_handle_applies_once_and_a_reopened_profile_connection_too()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        for (var i = 0; i < 50; i++)
        {
            using var plain = Db.OpenPlain(cs);
            plain.ApplyProfile(SqliteProfile.Production);
            Assert.Equal(1, ProfileApplier.ApplicationsOf(plain));
        }
        using var connection = SqliteProfile.Production.Open(cs);
        for (var i = 0; i < 50; i++)
        {
            connection.Close();
            connection.Open();
        }
        Assert.Equal(1, ProfileApplier.ApplicationsOf(connection));
        Assert.Equal(1, Db.Long(connection, "PRAGMA foreign_keys"));
    }

    [Fact]
    public void A_handle_whose_foreign_keys_another_caller_changed_is_detected_and_repaired()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        using (SqliteProfile.Production.Open(cs)) { }
        using (var other = Db.OpenPlain(cs))
        {
            // Other code on the same pooled handle: foreign keys off, a small cache.
            Db.Exec(other, "PRAGMA foreign_keys=OFF");
            Db.Exec(other, "PRAGMA cache_size=-2000");
        }
        using var connection = SqliteProfile.Production.Open(cs);
        Assert.Equal(2, ProfileApplier.ApplicationsOf(connection)); // detected: applied again in full
        Assert.Equal(1, Db.Long(connection, "PRAGMA foreign_keys"));
        Assert.Equal(-64000, Db.Long(connection, "PRAGMA cache_size"));
    }

    [Fact]
    public void A_handle_whose_busy_timeout_another_caller_changed_gets_it_back_on_the_next_open()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        using (SqliteProfile.Production.Open(cs)) { }
        using (var other = Db.OpenPlain(cs))
        {
            Db.Exec(other, "PRAGMA busy_timeout=0");
        }
        using var connection = SqliteProfile.Production.Open(cs);
        Assert.Equal(5000, Db.Long(connection, "PRAGMA busy_timeout")); // set again on every open: one C call, no read
        Assert.Equal(1, ProfileApplier.ApplicationsOf(connection));
    }

    [Fact]
    public void Another_profile_on_the_same_handle_is_applied_in_full()
    {
        using var folder = new ProfileTempFolder();
        var cs = folder.ConnectionString();
        using (var production = SqliteProfile.Production.Open(cs)) { Assert.Equal(1, ProfileApplier.ApplicationsOf(production)); }
        var bigger = SqliteProfile.Production.WithCacheSize(-128000);
        using (var connection = bigger.Open(cs))
        {
            Assert.Equal(2, ProfileApplier.ApplicationsOf(connection));
            Assert.Equal(-128000, Db.Long(connection, "PRAGMA cache_size"));
        }
        // An equal profile (another instance with the same settings) needs nothing.
        using var same = SqliteProfile.Production.WithCacheSize(-128000).Open(cs);
        Assert.Equal(2, ProfileApplier.ApplicationsOf(same));
    }

    [Fact]
    public void A_new_database_file_on_a_network_mounted_path_is_still_refused_after_a_local_one_was_opened()
    {
        using var folder = new ProfileTempFolder();
        var share = System.IO.Path.Combine(folder.Path, "share");
        Directory.CreateDirectory(share);
        var table = MountTable.Parse(
            $"22 1 8:1 / {NetworkFileSystemGuard.CanonicalPath(folder.Path)} rw - ext4 /dev/sda1 rw\n" +
            $"36 22 0:50 / {NetworkFileSystemGuard.CanonicalPath(share)} rw,relatime - nfs4 fileserver:/export rw\n");
        var profile = SqliteProfile.Production.WithMountTable(table);
        for (var i = 0; i < 3; i++)
        {
            using var local = profile.Open(folder.ConnectionString());
            Assert.False(ProfileApplier.ApplicationsOf(local) == 0);
        }
        var onShare = System.IO.Path.Combine(share, "new.db");
        for (var i = 0; i < 2; i++)
        {
            var ex = Assert.Throws<NetworkFileSystemException>(() => profile.Open("Data Source=" + onShare));
            Assert.Contains("nfs4", ex.Message);
            Assert.False(File.Exists(onShare));
        }
    }

    [Fact]
    public void One_hundred_opens_of_an_auto_vacuum_none_database_log_one_line()
    {
        using var folder = new ProfileTempFolder();
        using (var old = SqliteProfile.Default.Open(folder.ConnectionString()))
        {
            Db.Exec(old, "CREATE TABLE t(id INTEGER PRIMARY KEY)");
        }
        var logger = new ListLogger();
        // Pooling=False: every open is a new native handle, so the profile is applied (and the warning found) 100 times.
        var cs = "Data Source=" + folder.File() + ";Pooling=False";
        for (var i = 0; i < 100; i++)
        {
            using var connection = SqliteProfile.Production.Open(cs, logger, out var report);
            Assert.Contains(report.Warnings, w => w.Contains("auto_vacuum"));
        }
        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Equal(5201, warnings[0].EventId.Id);
        Assert.Equal("ProfileWarning", warnings[0].EventId.Name);
        Assert.All(logger.Entries.Where(e => e.Level == LogLevel.Debug), e => Assert.Equal(5202, e.EventId.Id));
    }
}
