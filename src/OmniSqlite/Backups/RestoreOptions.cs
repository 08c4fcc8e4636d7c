using System;

namespace OmniSqlite
{
    /// <summary>Settings for <see cref="SqliteBackups.RestoreAsync(string, string, RestoreOptions, IProgress{BackupProgress}, System.Threading.CancellationToken)"/>.</summary>
    public sealed class RestoreOptions
    {
        /// <summary>Replace the target database when it exists. Default false: restoring over an existing file is refused.</summary>
        public bool Overwrite { get; set; }

        /// <summary>Before replacing the target, keep a copy of it as <c>&lt;target&gt;.pre-restore-&lt;timestamp&gt;</c>. Default false.</summary>
        public bool KeepReplacedCopy { get; set; }

        /// <summary>
        /// Refuse a backup that has no readable metadata file (<c>&lt;backup&gt;.meta</c>) beside it. Default false.
        /// Without the metadata a restore can check only what the file says about itself (SQLite header, length
        /// against the header's page count, <c>PRAGMA integrity_check</c>); a changed byte inside a row's value
        /// passes those checks, and only the SHA-256 in the metadata catches it (docs/backups.md).
        /// </summary>
        public bool RequireManifest { get; set; }
    }

    /// <summary>What a restore did.</summary>
    public sealed class RestoreResult
    {
        internal RestoreResult(string targetPath, string backupPath, long databaseBytes, long pages, TimeSpan duration, string? replacedCopyPath)
        {
            TargetPath = targetPath;
            BackupPath = backupPath;
            DatabaseBytes = databaseBytes;
            Pages = pages;
            Duration = duration;
            ReplacedCopyPath = replacedCopyPath;
        }

        public string TargetPath { get; }
        public string BackupPath { get; }
        public long DatabaseBytes { get; }
        public long Pages { get; }
        public TimeSpan Duration { get; }

        /// <summary>Where the replaced database was kept (<see cref="RestoreOptions.KeepReplacedCopy"/>), or null.</summary>
        public string? ReplacedCopyPath { get; }
    }

    /// <summary>The outcome of <see cref="SqliteBackups.VerifyAsync(string, IProgress{BackupProgress}, System.Threading.CancellationToken)"/>.</summary>
    public sealed class BackupVerificationResult
    {
        internal BackupVerificationResult(string path, string? problem, long databaseBytes, long pages, int pageSize)
        {
            Path = path;
            Problem = problem;
            DatabaseBytes = databaseBytes;
            Pages = pages;
            PageSize = pageSize;
        }

        public string Path { get; }

        /// <summary>True when the file is a complete SQLite database that passes <c>PRAGMA integrity_check</c> (and its checksum matches its metadata, when it has any).</summary>
        public bool IsValid => Problem is null;

        /// <summary>What is wrong, or null.</summary>
        public string? Problem { get; }

        public long DatabaseBytes { get; }
        public long Pages { get; }
        public int PageSize { get; }

        public override string ToString() => IsValid ? $"{Path}: ok ({Pages} pages)" : $"{Path}: {Problem}";
    }
}
