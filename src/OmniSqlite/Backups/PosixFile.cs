using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace OmniSqlite
{
    /// <summary>A file's owner, mode and identity as Linux reports them (statx).</summary>
    internal readonly struct PosixFileStatus
    {
        public PosixFileStatus(uint userId, uint groupId, uint mode, ulong inode, uint deviceMajor, uint deviceMinor)
        {
            UserId = userId;
            GroupId = groupId;
            Mode = mode;
            Inode = inode;
            DeviceMajor = deviceMajor;
            DeviceMinor = deviceMinor;
        }

        public uint UserId { get; }
        public uint GroupId { get; }

        /// <summary>Permission bits (<c>st_mode &amp; 07777</c>).</summary>
        public uint Mode { get; }

        public ulong Inode { get; }
        public uint DeviceMajor { get; }
        public uint DeviceMinor { get; }

        public bool IsSameFile(PosixFileStatus other) => Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;
    }

    /// <summary>
    /// The few POSIX facts .NET does not expose: who owns a file, who this process runs as, chown/chmod, and which
    /// processes hold a file open (<c>/proc/&lt;pid&gt;/fd</c>). Linux only; elsewhere every answer is "unknown" (null/empty)
    /// and the callers skip the check they would have made.
    /// </summary>
    internal static class PosixFile
    {
        private const int AtFdCwd = -100;
        private const uint StatxBasicStats = 0x7ff;

        public static bool IsLinux => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>The effective user id, or null when unknown.</summary>
        public static uint? EffectiveUserId()
        {
            if (!IsLinux)
            {
                return null;
            }

            try
            {
                return NativeMethods.geteuid();
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
        }

        /// <summary>Owner, mode and inode of <paramref name="path"/> (links followed), or null when unknown or missing.</summary>
        public static PosixFileStatus? Stat(string path)
        {
            if (!IsLinux)
            {
                return null;
            }

            // struct statx has the same layout on every Linux architecture: stx_uid at 20, stx_gid at 24, stx_mode at 28,
            // stx_ino at 32, stx_dev_major at 136, stx_dev_minor at 140 (256 bytes in all).
            IntPtr buffer = Marshal.AllocHGlobal(256);
            try
            {
                if (NativeMethods.statx(AtFdCwd, Encoding.UTF8.GetBytes(path + "\0"), 0, StatxBasicStats, buffer) != 0)
                {
                    return null;
                }

                return new PosixFileStatus(
                    (uint)Marshal.ReadInt32(buffer, 20),
                    (uint)Marshal.ReadInt32(buffer, 24),
                    (uint)(ushort)Marshal.ReadInt16(buffer, 28) & 0xfff,
                    (ulong)Marshal.ReadInt64(buffer, 32),
                    (uint)Marshal.ReadInt32(buffer, 136),
                    (uint)Marshal.ReadInt32(buffer, 140));
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        /// <summary>Gives <paramref name="path"/> the owner, group and permission bits of <paramref name="like"/>; throws an IOException naming the file when it cannot.</summary>
        public static void CopyOwnership(string path, PosixFileStatus like)
        {
            byte[] name = Encoding.UTF8.GetBytes(path + "\0");
            if (NativeMethods.chown(name, like.UserId, like.GroupId) != 0 || NativeMethods.chmod(name, like.Mode) != 0)
            {
                throw new IOException(string.Format(CultureInfo.InvariantCulture,
                    "Could not give '{0}' the owner {1}:{2} and mode {3} of the database it replaces (errno {4}).",
                    path, like.UserId, like.GroupId, Convert.ToString(like.Mode, 8), Marshal.GetLastWin32Error()));
            }
        }

        /// <summary>
        /// The processes (pid and name) with <paramref name="path"/> open, found through <c>/proc/*/fd</c>; this process
        /// counts too. Processes of other users are invisible unless this process runs as root.
        /// </summary>
        public static IReadOnlyList<string> ProcessesHoldingOpen(string path)
        {
            var holders = new List<string>();
            if (!IsLinux || !(Stat(path) is PosixFileStatus file) || !System.IO.Directory.Exists("/proc"))
            {
                return holders;
            }

            foreach (string process in System.IO.Directory.EnumerateDirectories("/proc"))
            {
                string pid = System.IO.Path.GetFileName(process);
                if (pid.Length == 0 || !IsDigits(pid))
                {
                    continue;
                }

                IEnumerable<string> descriptors;
                try
                {
                    descriptors = System.IO.Directory.GetFiles(process + "/fd");
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    continue;
                }

                foreach (string descriptor in descriptors)
                {
                    if (Stat(descriptor) is PosixFileStatus open && open.IsSameFile(file))
                    {
                        holders.Add(pid + " (" + ProcessName(process) + ")");
                        break;
                    }
                }
            }

            return holders;
        }

        private static string ProcessName(string process)
        {
            try
            {
                return File.ReadAllText(process + "/comm").Trim();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return "?";
            }
        }

        private static bool IsDigits(string text)
        {
            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static class NativeMethods
        {
            [DllImport("libc", EntryPoint = "geteuid")]
            public static extern uint geteuid();

            [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
            public static extern int statx(int dirfd, byte[] path, int flags, uint mask, IntPtr buffer);

            [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
            public static extern int chown(byte[] path, uint owner, uint group);

            [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
            public static extern int chmod(byte[] path, uint mode);
        }
    }
}
