using System;

namespace OmniSqlite
{
    /// <summary>Why a backup, restore or verification did not happen; one value per thing the user can fix.</summary>
    public enum BackupErrorReason
    {
        /// <summary>The file is not a complete, intact SQLite database (or its checksum does not match its metadata).</summary>
        VerificationFailed = 0,

        /// <summary>Another backup or prune holds the backup directory's lock file for longer than <see cref="BackupOptions.LockTimeout"/>.</summary>
        DirectoryLocked = 1,

        /// <summary>
        /// This process runs as a user who neither owns the database nor is root: the -wal/-shm files it would create
        /// (or the restored file) would belong to that user, and the application could no longer write.
        /// </summary>
        WrongUser = 2,

        /// <summary>The restore target exists and <see cref="RestoreOptions.Overwrite"/> is false.</summary>
        TargetExists = 3,

        /// <summary>The restore target is open in another connection or process.</summary>
        TargetInUse = 4,

        /// <summary><see cref="RestoreOptions.RequireManifest"/> is set and the backup has no readable metadata file.</summary>
        ManifestMissing = 5,

        /// <summary>A replica has no complete generation, or none that reaches back to the requested point in time.</summary>
        ReplicaNotFound = 6,
    }

    /// <summary>
    /// A backup operation refused or failed for a reason the user can act on (<see cref="Reason"/>). Nothing was
    /// published or replaced. Programming errors (a closed connection, a bad argument) stay
    /// <see cref="InvalidOperationException"/> and <see cref="ArgumentException"/>.
    /// </summary>
    public class BackupException : Exception
    {
        public BackupException(BackupErrorReason reason, string path, string message, Exception? inner = null)
            : base(message, inner)
        {
            Reason = reason;
            Path = path;
        }

        /// <summary>What went wrong, for callers that map it (the CLI's exit codes).</summary>
        public BackupErrorReason Reason { get; }

        /// <summary>The file or directory concerned.</summary>
        public string Path { get; }
    }

    /// <summary>A restore was refused before the target was touched: it exists, it is in use, the manifest is required and missing, or the user is wrong.</summary>
    public sealed class RestoreRefusedException : BackupException
    {
        public RestoreRefusedException(BackupErrorReason reason, string targetPath, string message, Exception? inner = null)
            : base(reason, targetPath, message, inner)
        {
        }
    }

    /// <summary>A backup file is not a complete, intact SQLite database (not SQLite, truncated, too long, corrupt, or its checksum does not match).</summary>
    public sealed class BackupVerificationException : BackupException
    {
        public BackupVerificationException(string path, string problem, Exception? inner = null)
            : base(BackupErrorReason.VerificationFailed, path, $"'{path}' is not a usable backup: {problem}", inner)
        {
            Problem = problem;
        }

        /// <summary>The file that failed (same as <see cref="BackupException.Path"/>).</summary>
        public string BackupPath => Path;

        /// <summary>What is wrong with it.</summary>
        public string Problem { get; }
    }
}
