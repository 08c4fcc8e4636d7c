using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace OmniSqlite
{
    /// <summary>How a backup copies the database.</summary>
    public enum BackupMethod
    {
        /// <summary>
        /// SQLite's online backup API, page by page, from one read snapshot held for the whole copy: it reports
        /// progress per step and never restarts, however busy the writers are. The copy keeps free pages.
        /// </summary>
        OnlineBackup = 0,

        /// <summary><c>VACUUM INTO</c>: a compacted copy (no free pages) from one read snapshot. Progress is the size of the output so far.</summary>
        VacuumInto = 1,
    }

    /// <summary>
    /// Settings for <see cref="SqliteBackups"/>. Validated once when a <see cref="SqliteBackups"/> is created
    /// (<see cref="Validate"/>); later changes to this object do not affect an existing <see cref="SqliteBackups"/>.
    /// </summary>
    public sealed class BackupOptions
    {
        /// <summary>The token that the database's name replaces in <see cref="FileNamePattern"/>.</summary>
        public const string DatabaseToken = "{database}";

        /// <summary>The token that the UTC time of the backup (<c>yyyyMMddTHHmmssfffZ</c>, sorts as text) replaces in <see cref="FileNamePattern"/>.</summary>
        public const string TimestampToken = "{timestamp}";

        /// <summary>The directory that holds the backups. Required; created when missing. Use a different disk from the database's.</summary>
        public string Directory { get; set; } = "";

        /// <summary>
        /// The backup's file name without extension. Must contain <c>{timestamp}</c>; may contain <c>{database}</c>
        /// (the database file's name without extension, or <c>memory</c>). <c>.db</c> or <c>.db.gz</c> is appended.
        /// </summary>
        public string FileNamePattern { get; set; } = DatabaseToken + "-" + TimestampToken;

        /// <summary>How the database is copied. Default <see cref="BackupMethod.OnlineBackup"/>.</summary>
        public BackupMethod Method { get; set; } = BackupMethod.OnlineBackup;

        /// <summary>Compress the backup with gzip (<c>.db.gz</c>). Default true.</summary>
        public bool Compress { get; set; } = true;

        /// <summary>The gzip level. Default <see cref="System.IO.Compression.CompressionLevel.Fastest"/>: most of the size gain at a fraction of the time of Optimal (see docs/backup-benchmarks.md).</summary>
        public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

        /// <summary>Run <c>PRAGMA integrity_check</c> on the copy before it is compressed and published. Default true.</summary>
        public bool Verify { get; set; } = true;

        /// <summary>
        /// Retention by count: <see cref="SqliteBackups.Prune()"/> keeps the newest <c>Keep</c> backups of each database.
        /// Null: no count rule. Must be 1 or more: the newest backup is never deleted, so 0 could not mean what it says
        /// and is refused.
        /// </summary>
        public int? Keep { get; set; }

        /// <summary>Retention by age: backups older than this are pruned (the newest backup never is). Null: no age rule.</summary>
        public TimeSpan? MaxAge { get; set; }

        /// <summary>
        /// How long a backup or prune waits for another run on the same directory to release the directory's lock
        /// before it gives up with a <see cref="BackupException"/> (<see cref="BackupErrorReason.DirectoryLocked"/>).
        /// Default 10 minutes; <see cref="TimeSpan.Zero"/> refuses at once.
        /// </summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Apply <see cref="Keep"/> and <see cref="MaxAge"/> after each successful backup. Default true.</summary>
        public bool PruneAfterCreate { get; set; } = true;

        /// <summary>
        /// Pages copied per step by <see cref="BackupMethod.OnlineBackup"/>; progress is reported after each step.
        /// 0 (default) picks about 1% of the database, at least 256 pages.
        /// </summary>
        public int PagesPerStep { get; set; }

        /// <summary>Returns every problem with these settings, each naming the option; empty when they are valid.</summary>
        public IReadOnlyList<string> GetValidationErrors()
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(Directory))
            {
                errors.Add("BackupOptions.Directory is required: set it to the folder that should hold the backups (ideally on another disk than the database).");
            }
            else if (Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                errors.Add($"BackupOptions.Directory '{Directory}' contains characters that are not valid in a path.");
            }

            if (string.IsNullOrWhiteSpace(FileNamePattern))
            {
                errors.Add("BackupOptions.FileNamePattern is required, for example \"{database}-{timestamp}\".");
            }
            else
            {
                if (FileNamePattern.IndexOf(TimestampToken, StringComparison.Ordinal) < 0)
                {
                    errors.Add($"BackupOptions.FileNamePattern '{FileNamePattern}' must contain {TimestampToken}, so that every backup gets its own name.");
                }

                string rest = FileNamePattern.Replace(TimestampToken, "").Replace(DatabaseToken, "");
                if (rest.IndexOf('{') >= 0 || rest.IndexOf('}') >= 0)
                {
                    errors.Add($"BackupOptions.FileNamePattern '{FileNamePattern}' has an unknown token; only {DatabaseToken} and {TimestampToken} are known.");
                }

                char[] invalid = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':' }).ToArray();
                if (rest.IndexOfAny(invalid) >= 0)
                {
                    errors.Add($"BackupOptions.FileNamePattern '{FileNamePattern}' contains a character that is not valid in a file name (path separators are not allowed).");
                }

                if (rest.StartsWith(".", StringComparison.Ordinal))
                {
                    errors.Add($"BackupOptions.FileNamePattern '{FileNamePattern}' must not start with '.' (names starting with '.' are reserved for temporary files).");
                }
            }

            if (!Enum.IsDefined(typeof(BackupMethod), Method))
            {
                errors.Add($"BackupOptions.Method {(int)Method} is not a BackupMethod; use OnlineBackup or VacuumInto.");
            }

            if (!Enum.IsDefined(typeof(CompressionLevel), CompressionLevel))
            {
                errors.Add($"BackupOptions.CompressionLevel {(int)CompressionLevel} is not a CompressionLevel.");
            }

            if (Keep is int keep && keep < 1)
            {
                errors.Add($"BackupOptions.Keep must be 1 or more, or null for no count rule (got {keep}); the newest backup is never deleted, so fewer than 1 cannot be kept.");
            }

            if (LockTimeout < TimeSpan.Zero)
            {
                errors.Add($"BackupOptions.LockTimeout must be zero or positive (got {LockTimeout}).");
            }

            if (MaxAge is TimeSpan age && age <= TimeSpan.Zero)
            {
                errors.Add($"BackupOptions.MaxAge must be positive, or null for no age rule (got {age}).");
            }

            if (PagesPerStep < 0)
            {
                errors.Add($"BackupOptions.PagesPerStep must be 0 (automatic) or more (got {PagesPerStep}).");
            }

            return errors;
        }

        /// <summary>Throws an <see cref="ArgumentException"/> that lists every problem when these settings are not valid.</summary>
        public void Validate()
        {
            IReadOnlyList<string> errors = GetValidationErrors();
            if (errors.Count > 0)
            {
                throw new ArgumentException("Invalid backup options: " + string.Join(" ", errors), "options");
            }
        }

        /// <summary>A copy of these settings.</summary>
        public BackupOptions Clone() => (BackupOptions)MemberwiseClone();
    }
}
