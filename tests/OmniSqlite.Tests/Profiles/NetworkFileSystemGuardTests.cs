using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Xunit;

namespace OmniSqlite.Tests.Profiles;

public sealed class NetworkFileSystemGuardTests
{
    private static IMountTable FakeNfs(string folder) => MountTable.Parse(
        "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
        $"36 22 0:50 / {NetworkFileSystemGuard.CanonicalPath(folder)} rw,relatime shared:30 - nfs4 fileserver:/export/app rw,vers=4.2\n");

    [Fact]
    public void Wal_on_a_faked_nfs_mount_is_refused_with_the_reason_and_the_way_out_and_nothing_is_created()
    {
        using var folder = new ProfileTempFolder();
        var profile = SqliteProfile.Production.WithMountTable(FakeNfs(folder.Path));

        var ex = Assert.Throws<NetworkFileSystemException>(() => profile.Open(folder.ConnectionString()));
        Assert.Contains("nfs4", ex.Message);
        Assert.Contains("fileserver:/export/app", ex.Message);
        Assert.Contains("shared memory", ex.Message);
        Assert.Contains("FallBackToDelete", ex.Message);
        Assert.True(ex.Check.IsNetwork);
        Assert.Equal("journal_mode", ex.Pragma);
        Assert.False(File.Exists(folder.File()));
    }

    [Fact]
    public void ApplyProfile_on_an_open_connection_on_nfs_is_refused_before_any_pragma()
    {
        using var folder = new ProfileTempFolder();
        using var connection = Db.OpenPlain(folder.ConnectionString());
        Db.Exec(connection, "CREATE TABLE t(id INTEGER PRIMARY KEY); PRAGMA cache_size=100");
        Assert.Throws<NetworkFileSystemException>(() => connection.ApplyProfile(SqliteProfile.Production.WithMountTable(FakeNfs(folder.Path))));
        Assert.Equal("delete", Db.Text(connection, "PRAGMA journal_mode"));
        Assert.Equal(100, Db.Long(connection, "PRAGMA cache_size"));
    }

    [Fact]
    public void Fallback_policy_uses_delete_journal_and_logs_a_warning()
    {
        using var folder = new ProfileTempFolder();
        var logger = new ListLogger();
        var profile = SqliteProfile.Production.WithMountTable(FakeNfs(folder.Path)).WithNetworkFileSystemPolicy(NetworkFileSystemPolicy.FallBackToDelete);

        using var connection = profile.Open(folder.ConnectionString(), logger, out var report);

        Assert.Equal("delete", Db.Text(connection, "PRAGMA journal_mode"));
        var journal = report["journal_mode"];
        Assert.Equal(PragmaOutcome.FellBack, journal.Outcome);
        Assert.Equal("wal", journal.Requested);
        Assert.Equal("delete", journal.Actual);
        Assert.True(report.FileSystem!.IsNetwork);
        Assert.Equal("nfs4", report.FileSystem.Mount!.FileSystemType);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("journal_mode=DELETE") && e.Message.Contains("nfs4"));
        Assert.Equal(1, Db.Long(connection, "PRAGMA synchronous"));
        Assert.Equal(5000, Db.Long(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public void Allow_policy_keeps_wal_and_warns()
    {
        using var folder = new ProfileTempFolder();
        var logger = new ListLogger();
        var profile = SqliteProfile.Production.WithMountTable(FakeNfs(folder.Path)).WithNetworkFileSystemPolicy(NetworkFileSystemPolicy.Allow);
        using var connection = profile.Open(folder.ConnectionString(), logger, out var report);
        Assert.Equal("wal", Db.Text(connection, "PRAGMA journal_mode"));
        Assert.Contains(report.Warnings, w => w.Contains("only one host"));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public void A_profile_without_wal_is_not_refused_on_nfs()
    {
        using var folder = new ProfileTempFolder();
        var profile = SqliteProfile.Production.WithJournalMode(SqliteJournalMode.Delete).WithMountTable(FakeNfs(folder.Path));
        using var connection = profile.Open(folder.ConnectionString(), null, out var report);
        Assert.True(report.AllApplied, report.ToString());
        Assert.Equal("delete", Db.Text(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public void A_local_mount_in_the_fake_table_is_accepted()
    {
        using var folder = new ProfileTempFolder();
        var local = MountTable.Parse($"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 22 0:60 / {NetworkFileSystemGuard.CanonicalPath(folder.Path)} rw - tmpfs tmpfs rw\n");
        using var connection = SqliteProfile.Production.WithMountTable(local).Open(folder.ConnectionString(), null, out var report);
        Assert.Equal("tmpfs", report.FileSystem!.Mount!.FileSystemType);
        Assert.False(report.FileSystem.IsNetwork);
        Assert.Equal("wal", Db.Text(connection, "PRAGMA journal_mode"));
    }

    [Fact]
    public void Mountinfo_parsing_picks_the_longest_mount_point_and_decodes_escapes()
    {
        var table = MountTable.Parse(
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
            "30 22 0:40 / /mnt rw - tmpfs tmpfs rw\n" +
            "31 30 0:41 / /mnt/share rw,relatime shared:5 master:2 - cifs //nas/public rw,vers=3.1.1\n" +
            "32 30 0:42 / /mnt/my\\040data rw - fuse.sshfs user@host:/srv rw\n" +
            "33 22 0:43 / /mnt/sharefoo rw - ext4 /dev/sdb1 rw\n");

        Assert.Equal(5, table.Entries.Count);
        Assert.Equal("cifs", table.FindMount("/mnt/share/app/app.db")!.FileSystemType);
        Assert.True(table.FindMount("/mnt/share")!.IsNetwork);
        Assert.Equal("ext4", table.FindMount("/mnt/sharefoo/app.db")!.FileSystemType);
        Assert.Equal("tmpfs", table.FindMount("/mnt/other.db")!.FileSystemType);
        Assert.Equal("ext4", table.FindMount("/var/lib/app.db")!.FileSystemType);
        var sshfs = table.FindMount("/mnt/my data/app.db")!;
        Assert.Equal("/mnt/my data", sshfs.MountPoint);
        Assert.True(sshfs.IsNetwork);
    }

    [Fact]
    public void Proc_mounts_format_is_accepted_too_and_later_mounts_shadow_earlier_ones()
    {
        var table = MountTable.Parse("/dev/sda1 / ext4 rw 0 0\nserver:/x /data nfs rw 0 0\n/dev/sdc1 /data xfs rw 0 0\n");
        Assert.Equal("xfs", table.FindMount("/data/app.db")!.FileSystemType);
        Assert.False(table.FindMount("/data/app.db")!.IsNetwork);
        Assert.Equal("ext4", table.FindMount("/home/app.db")!.FileSystemType);
    }

    [Fact]
    public void A_line_in_neither_format_is_a_format_error_naming_the_line()
    {
        var ex = Assert.Throws<FormatException>(() => MountTable.Parse("/dev/sda1 / ext4 rw 0 0\nthis is not a mount line\n"));
        Assert.Contains("line 2", ex.Message);
    }

    [Theory]
    [InlineData("nfs", true)]
    [InlineData("nfs4", true)]
    [InlineData("cifs", true)]
    [InlineData("smb3", true)]
    [InlineData("smbfs", true)]
    [InlineData("9p", true)]
    [InlineData("fuse.sshfs", true)]
    [InlineData("fuse.rclone", true)]
    [InlineData("ceph", true)]
    [InlineData("ext4", false)]
    [InlineData("xfs", false)]
    [InlineData("btrfs", false)]
    [InlineData("tmpfs", false)]
    [InlineData("overlay", false)]
    [InlineData("apfs", false)]
    [InlineData("fuse.gocryptfs", false)]
    public void Network_filesystem_types_are_recognised(string type, bool network)
        => Assert.Equal(network, NetworkFileSystemGuard.IsNetworkFileSystemType(type));

    [Theory]
    [InlineData(@"\\server\share\app\app.db", true, @"\\server\share")]
    [InlineData("//server/share/app.db", true, @"\\server\share")]
    [InlineData(@"\\?\UNC\server\share\app.db", true, @"\\server\share")]
    [InlineData(@"Z:\data\app.db", true, @"Z:\")]
    [InlineData(@"C:\data\app.db", false, @"C:\")]
    public void Windows_unc_paths_and_network_drives_are_recognised(string path, bool network, string mountPoint)
    {
        var entry = WindowsMountTable.Classify(path, root => root == @"Z:\");
        Assert.NotNull(entry);
        Assert.Equal(network, entry!.IsNetwork);
        Assert.Equal(mountPoint, entry.MountPoint);
    }

    [Fact]
    public void The_running_system_finds_the_temp_folder_on_a_local_filesystem()
    {
        using var folder = new ProfileTempFolder();
        var check = NetworkFileSystemGuard.Check(folder.File());
        if (OperatingSystem.IsLinux()) Assert.NotNull(check.Mount);
        Assert.False(check.IsNetwork, check.ToString());
        Assert.EndsWith("app.db", check.DatabasePath);
    }

    [Fact]
    public void A_symbolic_link_into_a_network_mount_is_seen_as_network()
    {
        if (OperatingSystem.IsWindows()) return;
        using var folder = new ProfileTempFolder();
        var target = Directory.CreateDirectory(Path.Combine(folder.Path, "nfs-export")).FullName;
        var link = Path.Combine(folder.Path, "link");
        Directory.CreateSymbolicLink(link, target);
        var table = MountTable.Parse($"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n36 22 0:50 / {NetworkFileSystemGuard.CanonicalPath(target)} rw - nfs server:/x rw\n");
        var check = NetworkFileSystemGuard.Check(Path.Combine(link, "app.db"), table);
        Assert.True(check.IsNetwork, check.ToString());
        Assert.Throws<NetworkFileSystemException>(() => SqliteProfile.Production.WithMountTable(table).Open("Data Source=" + Path.Combine(link, "app.db")));
    }
}
