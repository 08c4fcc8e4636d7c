using System;
using System.IO;
using System.Threading;

namespace OmniSqlite
{
    /// <summary>
    /// The backup directory's lock: <c>.omnisqlite-backup.lock</c> opened with <see cref="FileShare.None"/>, which .NET
    /// turns into an exclusive <c>flock(2)</c> on Unix and a share-mode lock on Windows. The operating system drops the
    /// lock when the holder exits, however it exits (SIGKILL included), so a run that holds it knows that every other run
    /// on this directory has either finished or died: whatever temporary files are there belong to dead runs.
    /// </summary>
    internal sealed class DirectoryLock : IDisposable
    {
        public const string FileName = ".omnisqlite-backup.lock";
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

        private readonly FileStream _stream;

        private DirectoryLock(FileStream stream) => _stream = stream;

        /// <summary>Waits up to <paramref name="timeout"/> for the lock; then refuses with <see cref="BackupErrorReason.DirectoryLocked"/>.</summary>
        public static DirectoryLock Acquire(string directory, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
        {
            string path = Path.Combine(directory, FileName);
            long started = time.GetTimestamp();
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException ex) when (File.Exists(path))
                {
                    if (time.GetElapsedTime(started) >= timeout)
                    {
                        throw new BackupException(BackupErrorReason.DirectoryLocked, directory,
                            $"Another backup or prune of '{directory}' is running (it holds '{path}') and did not finish within {timeout}. " +
                            "Runs on one directory take turns so that they never share a sequence number or prune each other's new backup; " +
                            "wait for the other run, or raise BackupOptions.LockTimeout.", ex);
                    }

                    if (cancellationToken.WaitHandle.WaitOne(PollInterval))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
