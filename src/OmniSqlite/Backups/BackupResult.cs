using System;
using System.Collections.Generic;

namespace OmniSqlite
{
    /// <summary>What <see cref="SqliteBackups.CreateAsync(Microsoft.Data.Sqlite.SqliteConnection, IProgress{BackupProgress}, System.Threading.CancellationToken)"/> produced.</summary>
    public sealed class BackupResult
    {
        internal BackupResult(BackupInfo backup, TimeSpan duration, IReadOnlyList<BackupInfo> pruned)
        {
            Backup = backup;
            Duration = duration;
            Pruned = pruned;
        }

        /// <summary>The published backup, as <see cref="SqliteBackups.List()"/> will report it.</summary>
        public BackupInfo Backup { get; }

        /// <summary>Full path of the backup file.</summary>
        public string Path => Backup.Path;

        /// <summary>Size of the database copy before compression.</summary>
        public long DatabaseBytes => Backup.DatabaseBytes;

        /// <summary>Size of the file as stored (after compression when enabled).</summary>
        public long FileBytes => Backup.FileBytes;

        /// <summary>Page count of the copy.</summary>
        public long Pages => Backup.Pages;

        /// <summary>True when the copy passed <c>PRAGMA integrity_check</c> before it was published.</summary>
        public bool Verified => Backup.Verified;

        /// <summary>Wall time of the backup, including verification and compression (not pruning).</summary>
        public TimeSpan Duration { get; }

        /// <summary>Backups deleted by retention after this one was published (empty when no rule applied).</summary>
        public IReadOnlyList<BackupInfo> Pruned { get; }

        /// <summary>Online backup: how many steps the copy took (diagnostics).</summary>
        internal int Steps { get; set; }

        /// <summary>Online backup: how often SQLite restarted the copy because the source changed (diagnostics; 0 by design).</summary>
        internal int Restarts { get; set; }

        public override string ToString() => $"{Path}: {DatabaseBytes} -> {FileBytes} bytes, {Pages} pages, {Duration.TotalMilliseconds:0} ms{(Verified ? ", verified" : "")}";
    }
}
