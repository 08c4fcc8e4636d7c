using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace OmniSqlite
{
    /// <summary>Finds the filesystem that holds a path. <see cref="MountTable.ForCurrentSystem"/> gives the running system's; tests inject their own.</summary>
    public interface IMountTable
    {
        /// <summary>The mount that holds <paramref name="fullPath"/> (an absolute, canonical path), or null when unknown.</summary>
        MountEntry? FindMount(string fullPath);
    }

    /// <summary>One mounted filesystem.</summary>
    public sealed class MountEntry
    {
        public MountEntry(string mountPoint, string fileSystemType, string source, bool? isNetwork = null)
        {
            MountPoint = mountPoint ?? throw new ArgumentNullException(nameof(mountPoint));
            FileSystemType = fileSystemType ?? throw new ArgumentNullException(nameof(fileSystemType));
            Source = source ?? throw new ArgumentNullException(nameof(source));
            IsNetwork = isNetwork ?? NetworkFileSystemGuard.IsNetworkFileSystemType(fileSystemType);
        }

        /// <summary>Where it is mounted (<c>/mnt/data</c>, <c>\\server\share</c>, <c>Z:\</c>).</summary>
        public string MountPoint { get; }
        /// <summary>The filesystem type as the system names it (<c>ext4</c>, <c>nfs4</c>, <c>cifs</c>, <c>fuse.sshfs</c>, <c>smbfs</c>).</summary>
        public string FileSystemType { get; }
        /// <summary>What is mounted (<c>/dev/sda1</c>, <c>server:/export</c>, <c>//server/share</c>).</summary>
        public string Source { get; }
        /// <summary>True for filesystems whose locking and shared memory do not work across hosts (NFS, SMB/CIFS, 9p, sshfs, ...).</summary>
        public bool IsNetwork { get; }

        public override string ToString() => $"{FileSystemType} {Source} on {MountPoint}";
    }

    /// <summary>
    /// A Linux mount table in the format of <c>/proc/self/mountinfo</c> (or the older <c>/proc/mounts</c>), and the factory for the
    /// running system's table. Make a fake one for tests with <see cref="Parse"/>:
    /// <code>MountTable.Parse("36 25 0:50 / /mnt/share rw,relatime - nfs4 fileserver:/export rw")</code>
    /// </summary>
    public sealed class MountTable : IMountTable
    {
        private MountTable(IReadOnlyList<MountEntry> entries) => Entries = entries;

        /// <summary>The mounts in the order listed (later mounts shadow earlier ones on the same mount point).</summary>
        public IReadOnlyList<MountEntry> Entries { get; }

        /// <summary>
        /// Parses mountinfo lines (<c>id parent major:minor root mountpoint options [optional fields] - fstype source superoptions</c>)
        /// or /proc/mounts lines (<c>source mountpoint fstype options dump pass</c>). Octal escapes such as <c>\040</c> are decoded.
        /// Throws <see cref="FormatException"/> naming the line that fits neither format.
        /// </summary>
        public static MountTable Parse(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var entries = new List<MountEntry>();
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#') continue;
                var fields = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                var separator = Array.IndexOf(fields, "-");
                if (separator >= 6 && fields.Length >= separator + 3)
                {
                    entries.Add(new MountEntry(Unescape(fields[4]), Unescape(fields[separator + 1]), Unescape(fields[separator + 2])));
                }
                else if (fields.Length >= 3 && separator < 0 && fields[1].StartsWith("/", StringComparison.Ordinal))
                {
                    entries.Add(new MountEntry(Unescape(fields[1]), Unescape(fields[2]), Unescape(fields[0])));
                }
                else
                {
                    throw new FormatException(
                        $"Mount table line {i + 1} is neither /proc/self/mountinfo format ('id parent maj:min root mountpoint options - fstype source superoptions') " +
                        $"nor /proc/mounts format ('source mountpoint fstype options 0 0'): '{line}'.");
                }
            }
            return new MountTable(entries);
        }

        /// <summary>
        /// The running system's mounts: Linux reads /proc/self/mountinfo on every lookup; Windows recognises UNC paths and network drives;
        /// macOS and the BSDs ask statfs. Elsewhere every lookup answers null (unknown).
        /// </summary>
        public static IMountTable ForCurrentSystem()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return WindowsMountTable.Instance;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return LinuxMountTable.Instance;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return MacMountTable.Instance;
            return UnknownMountTable.Instance;
        }

        /// <summary>The entry whose mount point is the longest prefix of <paramref name="fullPath"/>; the last listed wins a tie.</summary>
        public MountEntry? FindMount(string fullPath)
        {
            if (fullPath is null) throw new ArgumentNullException(nameof(fullPath));
            MountEntry? best = null;
            foreach (var entry in Entries)
            {
                if (!Contains(entry.MountPoint, fullPath)) continue;
                if (best is null || entry.MountPoint.TrimEnd('/').Length >= best.MountPoint.TrimEnd('/').Length) best = entry;
            }
            return best;
        }

        private static bool Contains(string mountPoint, string path)
        {
            var mp = mountPoint.TrimEnd('/');
            if (mp.Length == 0) return path.StartsWith("/", StringComparison.Ordinal);
            return string.Equals(path, mp, StringComparison.Ordinal)
                || (path.StartsWith(mp, StringComparison.Ordinal) && path.Length > mp.Length && path[mp.Length] == '/');
        }

        private static string Unescape(string field)
        {
            if (field.IndexOf('\\') < 0) return field;
            var sb = new StringBuilder(field.Length);
            for (var i = 0; i < field.Length; i++)
            {
                if (field[i] == '\\' && IsOctal(field, i + 1))
                {
                    sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                    i += 3;
                }
                else
                {
                    sb.Append(field[i]);
                }
            }
            return sb.ToString();
        }

        private static bool IsOctal(string s, int start)
        {
            if (start + 3 > s.Length) return false;
            for (var i = start; i < start + 3; i++) if (s[i] < '0' || s[i] > '7') return false;
            return true;
        }

        private sealed class LinuxMountTable : IMountTable
        {
            public static readonly LinuxMountTable Instance = new LinuxMountTable();

            private (string Text, MountTable Table)? _cached;

            /// <summary>Reads the mount table on every lookup (lookups are once per database file) and parses it again only when it changed.</summary>
            public MountEntry? FindMount(string fullPath)
            {
                string text;
                try
                {
                    text = File.Exists("/proc/self/mountinfo") ? File.ReadAllText("/proc/self/mountinfo") : File.ReadAllText("/proc/mounts");
                }
                catch (IOException) { return null; }
                catch (UnauthorizedAccessException) { return null; }
                var cached = _cached;
                if (cached is null || !string.Equals(cached.Value.Text, text, StringComparison.Ordinal))
                {
                    cached = (text, Parse(text));
                    _cached = cached;
                }
                return cached.Value.Table.FindMount(fullPath);
            }
        }

        private sealed class UnknownMountTable : IMountTable
        {
            public static readonly UnknownMountTable Instance = new UnknownMountTable();
            public MountEntry? FindMount(string fullPath) => null;
        }
    }

    /// <summary>Windows: UNC paths (<c>\\server\share</c>, <c>\\?\UNC\server\share</c>) and drive letters mapped to a network share.</summary>
    internal sealed class WindowsMountTable : IMountTable
    {
        public static readonly WindowsMountTable Instance = new WindowsMountTable();

        public MountEntry? FindMount(string fullPath) => Classify(fullPath, root =>
        {
            try { return new DriveInfo(root).DriveType == DriveType.Network; }
            catch (ArgumentException) { return false; }
            catch (IOException) { return false; }
        });

        /// <summary>Classifies a Windows path; <paramref name="isNetworkDrive"/> answers for a drive root like <c>Z:\</c>.</summary>
        internal static MountEntry? Classify(string path, Func<string, bool> isNetworkDrive)
        {
            var p = path.Replace('/', '\\');
            if (p.StartsWith(@"\\?\UNC\", StringComparison.OrdinalIgnoreCase)) p = @"\\" + p.Substring(8);
            else if (p.StartsWith(@"\\?\", StringComparison.Ordinal) || p.StartsWith(@"\\.\", StringComparison.Ordinal)) p = p.Substring(4);
            if (p.StartsWith(@"\\", StringComparison.Ordinal))
            {
                var parts = p.Substring(2).Split(new[] { '\\' }, StringSplitOptions.RemoveEmptyEntries);
                var share = parts.Length >= 2 ? @"\\" + parts[0] + @"\" + parts[1] : p;
                return new MountEntry(share, "unc", share, isNetwork: true);
            }
            if (p.Length >= 2 && p[1] == ':' && char.IsLetter(p[0]))
            {
                var root = char.ToUpperInvariant(p[0]) + @":\";
                var network = isNetworkDrive(root);
                return new MountEntry(root, network ? "network drive" : "local drive", root, isNetwork: network);
            }
            return null;
        }
    }

    /// <summary>macOS: asks statfs(2) for the filesystem type name and the MNT_LOCAL flag.</summary>
    internal sealed class MacMountTable : IMountTable
    {
        public static readonly MacMountTable Instance = new MacMountTable();
        private const uint MntLocal = 0x00001000;

        public MountEntry? FindMount(string fullPath)
        {
            // struct statfs (64-bit inodes): f_flags at 64, f_fstypename[16] at 72, f_mntonname[1024] at 88, f_mntfromname[1024] at 1112.
            var buffer = Marshal.AllocHGlobal(4096);
            try
            {
                var rc = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? StatfsX64(fullPath, buffer) : Statfs(fullPath, buffer);
                if (rc != 0) return null;
                var flags = (uint)Marshal.ReadInt32(buffer, 64);
                var type = ReadString(buffer, 72, 16);
                var on = ReadString(buffer, 88, 1024);
                var from = ReadString(buffer, 1112, 1024);
                var network = (flags & MntLocal) == 0 || NetworkFileSystemGuard.IsNetworkFileSystemType(type);
                return new MountEntry(on, type, from, network);
            }
            catch (DllNotFoundException) { return null; }
            catch (EntryPointNotFoundException) { return null; }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        private static string ReadString(IntPtr buffer, int offset, int max)
        {
            var bytes = new byte[max];
            Marshal.Copy(IntPtr.Add(buffer, offset), bytes, 0, max);
            var end = Array.IndexOf(bytes, (byte)0);
            return Encoding.UTF8.GetString(bytes, 0, end < 0 ? max : end);
        }

        [DllImport("libc", EntryPoint = "statfs", CharSet = CharSet.Ansi)]
        private static extern int Statfs(string path, IntPtr buffer);

        [DllImport("libc", EntryPoint = "statfs$INODE64", CharSet = CharSet.Ansi)]
        private static extern int StatfsX64(string path, IntPtr buffer);
    }

    /// <summary>What the network-filesystem guard found for a database file.</summary>
    public sealed class FileSystemCheck
    {
        public FileSystemCheck(string databasePath, MountEntry? mount)
        {
            DatabasePath = databasePath ?? throw new ArgumentNullException(nameof(databasePath));
            Mount = mount;
        }

        /// <summary>The canonical path that was looked up.</summary>
        public string DatabasePath { get; }
        /// <summary>The mount that holds it, or null when the system could not say.</summary>
        public MountEntry? Mount { get; }
        public bool IsNetwork => Mount?.IsNetwork == true;

        public override string ToString() => Mount is null
            ? "filesystem unknown"
            : (IsNetwork ? "network filesystem " : "filesystem ") + Mount.FileSystemType + " mounted on " + Mount.MountPoint;
    }

    /// <summary>Detects databases on network filesystems, where SQLite's WAL (which needs shared memory between processes) is unsafe.</summary>
    public static class NetworkFileSystemGuard
    {
        private static readonly HashSet<string> NetworkTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "9p", "afs", "ncpfs", "ncp", "coda", "ceph", "glusterfs",
            "lustre", "gpfs", "davfs", "webdav", "sshfs", "afpfs", "beegfs", "orangefs", "pvfs2", "vboxsf", "vmhgfs", "prl_fs",
        };

        private static readonly HashSet<string> FuseNetworkTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "sshfs", "s3fs", "rclone", "glusterfs", "ceph", "ceph-fuse", "cephfs", "davfs", "gcsfuse", "goofys", "juicefs",
            "blobfuse", "blobfuse2", "mfs", "lizardfs", "seaweedfs", "vmhgfs-fuse", "smbnetfs", "curlftpfs",
        };

        /// <summary>
        /// True for filesystem types that share a file between hosts without the POSIX locks and shared memory WAL needs:
        /// nfs, nfs4, cifs, smb3, smbfs, 9p, afs, ceph, glusterfs, lustre, gpfs, davfs, sshfs, VM shared folders (vboxsf, vmhgfs),
        /// and FUSE mounts of sshfs, s3fs, rclone, gcsfuse, juicefs, blobfuse and the like.
        /// </summary>
        public static bool IsNetworkFileSystemType(string fileSystemType)
        {
            if (string.IsNullOrEmpty(fileSystemType)) return false;
            if (NetworkTypes.Contains(fileSystemType)) return true;
            if (fileSystemType.StartsWith("fuse.", StringComparison.OrdinalIgnoreCase)) return FuseNetworkTypes.Contains(fileSystemType.Substring(5));
            return false;
        }

        /// <summary>Finds the filesystem that holds <paramref name="databasePath"/> (the file need not exist yet; its folder is looked up).</summary>
        public static FileSystemCheck Check(string databasePath, IMountTable? mountTable = null)
        {
            if (string.IsNullOrWhiteSpace(databasePath)) throw new ArgumentException("The database path is empty.", nameof(databasePath));
            var canonical = CanonicalPath(databasePath);
            var table = mountTable ?? MountTable.ForCurrentSystem();
            return new FileSystemCheck(canonical, table.FindMount(canonical));
        }

        /// <summary>
        /// The absolute path with symbolic links resolved as far as the path exists (on Unix, through realpath(3)),
        /// so that a link into a network mount is seen as being on it.
        /// </summary>
        public static string CanonicalPath(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            var full = Path.GetFullPath(path);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return full;
            var existing = full;
            var rest = "";
            while (!File.Exists(existing) && !Directory.Exists(existing))
            {
                var parent = Path.GetDirectoryName(existing);
                if (string.IsNullOrEmpty(parent)) return full;
                rest = Path.GetFileName(existing) + (rest.Length == 0 ? "" : "/" + rest);
                existing = parent!;
            }
            var resolved = RealPath(existing) ?? existing;
            return rest.Length == 0 ? resolved : resolved.TrimEnd('/') + "/" + rest;
        }

        private static string? RealPath(string path)
        {
            try
            {
                var result = realpath(path, IntPtr.Zero);
                if (result == IntPtr.Zero) return null;
                try { return Marshal.PtrToStringAnsi(result); }
                finally { free(result); }
            }
            catch (DllNotFoundException) { return null; }
            catch (EntryPointNotFoundException) { return null; }
        }

        internal static string Describe(FileSystemCheck check) => string.Format(CultureInfo.InvariantCulture,
            "'{0}' is on a network filesystem ({1} {2} mounted on {3})", check.DatabasePath, check.Mount?.FileSystemType, check.Mount?.Source, check.Mount?.MountPoint);

#pragma warning disable IDE1006 // libc names
        [DllImport("libc", CharSet = CharSet.Ansi)]
        private static extern IntPtr realpath(string path, IntPtr resolved);

        [DllImport("libc")]
        private static extern void free(IntPtr pointer);
#pragma warning restore IDE1006
    }
}
