using Xunit;

namespace OmniSqlite.Tests.Profiles;

/// <summary>Issue 20 item 12: every network and cluster filesystem SQLite's docs warn about is classified as network, each through a real mountinfo line.</summary>
public sealed class NetworkFileSystemListTests
{
    private static MountEntry Mount(string type, string source)
    {
        MountTable table = MountTable.Parse(
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
            $"36 22 0:50 / /mnt/data rw,relatime shared:30 - {type} {source} rw\n");
        return table.FindMount("/mnt/data/app.db")!;
    }

    [Theory]
    // The cases the reliability pass found unflagged.
    [InlineData("fuse", "sshfs#deploy@backup-host:/srv/data")]
    [InlineData("fuse", "deploy@backup-host:/srv/data")]
    [InlineData("fuse.sshfs", "deploy@backup-host:/srv/data")]
    [InlineData("gfs2", "/dev/mapper/cluster-lv")]
    [InlineData("ocfs2", "/dev/sdc1")]
    [InlineData("drvfs", "C:\\")]
    [InlineData("fuse.quobyte", "quobyte@registry:7861/volume")]
    // The rest of the list.
    [InlineData("nfs", "fileserver:/export")]
    [InlineData("nfs4", "fileserver:/export")]
    [InlineData("cifs", "//fileserver/share")]
    [InlineData("smb3", "//fileserver/share")]
    [InlineData("smbfs", "//user@fileserver/share")]
    [InlineData("9p", "drvfs")]
    [InlineData("glusterfs", "gluster1:/volume")]
    [InlineData("fuse.glusterfs", "gluster1:/volume")]
    [InlineData("lustre", "10.0.0.1@tcp:/lustre")]
    [InlineData("ceph", "10.0.0.1:6789:/")]
    [InlineData("fuse.ceph-fuse", "ceph-fuse")]
    [InlineData("afs", "AFS")]
    [InlineData("gpfs", "gpfs0")]
    [InlineData("beegfs", "beegfs_nodev")]
    [InlineData("quobyte", "registry:7861/volume")]
    [InlineData("vboxsf", "shared")]
    [InlineData("fuse.s3fs", "s3fs")]
    [InlineData("fuse.rclone", "remote:bucket")]
    [InlineData("fuse", "s3fs")]
    [InlineData("fuse", "//fileserver/share")]
    public void Network_and_cluster_filesystems_are_flagged(string type, string source)
    {
        MountEntry mount = Mount(type, source);
        Assert.Equal(type, mount.FileSystemType);
        Assert.True(mount.IsNetwork, $"{type} from {source} is not flagged");
        Assert.True(NetworkFileSystemGuard.Check("/mnt/data/app.db", MountTable.Parse(
            $"36 22 0:50 / /mnt/data rw,relatime shared:30 - {type} {source} rw\n")).IsNetwork);
    }

    [Theory]
    [InlineData("ext4", "/dev/sda1")]
    [InlineData("xfs", "/dev/nvme0n1p2")]
    [InlineData("btrfs", "/dev/sdb")]
    [InlineData("zfs", "tank/data")]
    [InlineData("tmpfs", "tmpfs")]
    [InlineData("overlay", "overlay")]
    [InlineData("fuseblk", "/dev/sdb1")]
    [InlineData("fuse", "/dev/fuse")]
    [InlineData("fuse", "portal")]
    [InlineData("fuse.lxcfs", "lxcfs")]
    [InlineData("fuse.bindfs", "/srv/data")]
    [InlineData("fuse.gvfsd-fuse", "gvfsd-fuse")]
    public void Local_filesystems_stay_local(string type, string source) =>
        Assert.False(Mount(type, source).IsNetwork, $"{type} from {source} is flagged as network");

    /// <summary>The plain fuse mount of sshfs opened in WAL during the reliability pass; the production profile now refuses it.</summary>
    [Fact]
    public void Wal_on_a_plain_fuse_mount_of_sshfs_is_refused()
    {
        using var folder = new ProfileTempFolder();
        IMountTable table = MountTable.Parse(
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
            $"36 22 0:50 / {NetworkFileSystemGuard.CanonicalPath(folder.Path)} rw,nosuid,nodev,relatime shared:30 - fuse sshfs#deploy@backup-host:/srv rw,user_id=0,group_id=0\n");

        var ex = Assert.Throws<NetworkFileSystemException>(() => SqliteProfile.Production.WithMountTable(table).Open(folder.ConnectionString()));
        Assert.Contains("sshfs#deploy@backup-host:/srv", ex.Message);
        Assert.False(File.Exists(folder.File()));
    }
}
