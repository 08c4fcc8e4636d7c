using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace OmniSqlite
{
    /// <summary>fsync for files and directories, and atomic replacement.</summary>
    internal static class DurableFile
    {
        /// <summary>Forces a file's data to disk (<c>FileStream.Flush(true)</c>: fsync on Unix, FlushFileBuffers on Windows).</summary>
        public static void Sync(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            stream.Flush(flushToDisk: true);
        }

        /// <summary>
        /// Makes a rename or delete in <paramref name="directory"/> durable: on Linux, macOS and FreeBSD it opens the
        /// directory and calls fsync(2) through libc. Windows has no such call for directories (NTFS journals its
        /// metadata), and where libc or the call is not available the step is skipped. Returns true when it synced.
        /// </summary>
        public static bool SyncDirectory(string directory)
        {
            if (!(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)))
            {
                return false;
            }

            try
            {
                byte[] path = Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0");
                int fd = NativeMethods.open(path, 0 /* O_RDONLY */);
                if (fd < 0)
                {
                    return false;
                }

                try
                {
                    return NativeMethods.fsync(fd) == 0;
                }
                finally
                {
                    _ = NativeMethods.close(fd);
                }
            }
            catch (DllNotFoundException)
            {
                return false;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
        }

        /// <summary>Renames <paramref name="source"/> over <paramref name="target"/> in one step (rename(2) on Unix).</summary>
        public static void Replace(string source, string target)
        {
#if NET
            File.Move(source, target, overwrite: true);
#else
            if (File.Exists(target))
            {
                File.Replace(source, target, destinationBackupFileName: null);
            }
            else
            {
                File.Move(source, target);
            }
#endif
        }

        public static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        /// <summary>Deletes the -wal, -shm and -journal files SQLite may leave beside a temporary copy.</summary>
        public static void DeleteSqliteSideFiles(string databasePath)
        {
            TryDelete(databasePath + "-wal");
            TryDelete(databasePath + "-shm");
            TryDelete(databasePath + "-journal");
        }

        private static class NativeMethods
        {
            [DllImport("libc", EntryPoint = "open", SetLastError = true)]
            public static extern int open(byte[] path, int flags);

            [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
            public static extern int fsync(int fd);

            [DllImport("libc", EntryPoint = "close", SetLastError = true)]
            public static extern int close(int fd);
        }
    }
}
