using System.Runtime.InteropServices;
using Xunit;

namespace OmniSqlite.Tests.Backups;

public sealed class DurableFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Directory_fsync_runs_through_libc_on_Linux_and_is_skipped_elsewhere()
    {
        bool synced = DurableFile.SyncDirectory(_temp.Path);
        Assert.Equal(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX), synced);
        Assert.False(DurableFile.SyncDirectory(_temp.File("does-not-exist")));
    }

    [Fact]
    public void Replace_swaps_a_file_into_place()
    {
        File.WriteAllText(_temp.File("a"), "new");
        File.WriteAllText(_temp.File("b"), "old");
        DurableFile.Replace(_temp.File("a"), _temp.File("b"));
        Assert.Equal("new", File.ReadAllText(_temp.File("b")));
        Assert.False(File.Exists(_temp.File("a")));
    }
}
