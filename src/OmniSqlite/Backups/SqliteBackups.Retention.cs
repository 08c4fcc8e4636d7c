using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace OmniSqlite
{
    public sealed partial class SqliteBackups
    {
        // The temporary files of a backup run: ".<backup name>.<12 hex tag>.(copy|gz|meta).tmp", and SQLite's side files of the copy.
        private static readonly Regex LeftoverName = new Regex(
            @"^\..+\.[0-9a-f]{" + TempTagLength + @"}\.(copy|gz|meta)\.tmp(-wal|-shm|-journal)?$", RegexOptions.CultureInvariant);

        /// <summary>All completed backups in the directory (every database), newest first.</summary>
        public IReadOnlyList<BackupInfo> List() => List(null);

        /// <summary>
        /// Completed backups of one database (<see cref="GetDatabaseName"/>; null for all), newest first by time taken,
        /// then by sequence. A backup counts only when its metadata file parses and its file exists with the recorded
        /// length: temporary files of a backup in progress, or left by a crash, never appear.
        /// </summary>
        public IReadOnlyList<BackupInfo> List(string? database)
        {
            if (!System.IO.Directory.Exists(_options.Directory))
            {
                return Array.Empty<BackupInfo>();
            }

            var backups = new List<BackupInfo>();
            foreach (string metadata in System.IO.Directory.EnumerateFiles(_options.Directory, "*" + BackupManifest.Extension))
            {
                if (Path.GetFileName(metadata).StartsWith(".", StringComparison.Ordinal))
                {
                    continue;
                }

                BackupInfo? info = BackupManifest.TryRead(metadata);
                if (info is null || (database != null && !string.Equals(info.Database, database, StringComparison.Ordinal)))
                {
                    continue;
                }

                var file = new FileInfo(info.Path);
                if (file.Exists && file.Length == info.FileBytes)
                {
                    backups.Add(info);
                }
            }

            return backups
                .OrderByDescending(b => b.CreatedUtc)
                .ThenByDescending(b => b.Sequence)
                .ThenByDescending(b => b.Path, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Applies <see cref="BackupOptions.Keep"/> and <see cref="BackupOptions.MaxAge"/> to every database's backups; returns what was deleted.</summary>
        public IReadOnlyList<BackupInfo> Prune() => Prune(null);

        /// <summary>
        /// Applies the retention rules to one database's backups (null: each database in the directory separately).
        /// A backup is kept when it is among the newest <see cref="BackupOptions.Keep"/> and younger than
        /// <see cref="BackupOptions.MaxAge"/> (a rule that is null does not apply). Whatever the settings, the newest
        /// backup by time, the most recently made one (highest sequence, which differs when the clock went back) and
        /// the newest verified one are never deleted. Also removes the temporary files of dead backup runs and metadata files
        /// whose backup file is missing, whatever their age: it holds the directory's lock (waiting up to
        /// <see cref="BackupOptions.LockTimeout"/> for a backup in progress), so they belong to runs that died.
        /// </summary>
        /// <exception cref="BackupException">Another run held the lock too long (<see cref="BackupErrorReason.DirectoryLocked"/>).</exception>
        public IReadOnlyList<BackupInfo> Prune(string? database)
        {
            if (!System.IO.Directory.Exists(_options.Directory))
            {
                return Array.Empty<BackupInfo>();
            }

            using DirectoryLock directoryLock = DirectoryLock.Acquire(_options.Directory, _options.LockTimeout, _time, CancellationToken.None);
            RemoveLeftovers();
            return PruneLocked(database);
        }

        /// <summary><see cref="Prune(string)"/> for a caller that holds the directory's lock.</summary>
        private IReadOnlyList<BackupInfo> PruneLocked(string? database)
        {
            IReadOnlyList<BackupInfo> doomed = PlanPrune(database);
            foreach (BackupInfo backup in doomed)
            {
                // Data first: once it is gone the backup no longer counts, whatever happens to the metadata.
                File.Delete(backup.Path);
                DurableFile.TryDelete(backup.MetadataPath);
                LogPruned(_logger, backup.Path, backup.CreatedUtc, null);
            }

            if (doomed.Count > 0)
            {
                DurableFile.SyncDirectory(_options.Directory);
            }

            return doomed;
        }

        /// <summary>What <see cref="Prune(string)"/> would delete now, without deleting anything.</summary>
        public IReadOnlyList<BackupInfo> PlanPrune(string? database = null)
        {
            BackupOptions o = _options;
            if (!o.Keep.HasValue && !o.MaxAge.HasValue)
            {
                return Array.Empty<BackupInfo>();
            }

            DateTime now = _time.GetUtcNow().UtcDateTime;
            var doomed = new List<BackupInfo>();
            foreach (IGrouping<string, BackupInfo> group in List(database).GroupBy(b => b.Database, StringComparer.Ordinal))
            {
                List<BackupInfo> newestFirst = group.ToList();
                var protectedBackups = new HashSet<BackupInfo>
                {
                    newestFirst[0],
                    newestFirst.OrderByDescending(b => b.Sequence).ThenByDescending(b => b.CreatedUtc).First(),
                };
                BackupInfo? newestVerified = newestFirst.FirstOrDefault(b => b.Verified);
                if (newestVerified != null)
                {
                    protectedBackups.Add(newestVerified);
                }

                for (int i = 0; i < newestFirst.Count; i++)
                {
                    BackupInfo backup = newestFirst[i];
                    bool withinCount = !o.Keep.HasValue || i < o.Keep.Value;

                    // A backup dated in the future (the clock was ahead when it was taken) has a negative age: not too old.
                    bool withinAge = !o.MaxAge.HasValue || now - backup.CreatedUtc <= o.MaxAge.Value;
                    if (!protectedBackups.Contains(backup) && !(withinCount && withinAge))
                    {
                        doomed.Add(backup);
                    }
                }
            }

            return doomed;
        }

        /// <summary>
        /// Deletes what dead runs left: temporary files of backups and metadata files without their backup. Called only
        /// with the directory's lock held, when no other run can be writing here, so age does not matter.
        /// </summary>
        private void RemoveLeftovers()
        {
            foreach (string path in System.IO.Directory.EnumerateFiles(_options.Directory, ".*"))
            {
                if (LeftoverName.IsMatch(Path.GetFileName(path)))
                {
                    DurableFile.TryDelete(path);
                }
            }

            foreach (string metadata in System.IO.Directory.EnumerateFiles(_options.Directory, "*" + BackupManifest.Extension))
            {
                string data = metadata.Substring(0, metadata.Length - BackupManifest.Extension.Length);
                if (!File.Exists(data) && !Path.GetFileName(metadata).StartsWith(".", StringComparison.Ordinal) && BackupManifest.TryRead(metadata) != null)
                {
                    DurableFile.TryDelete(metadata);
                }
            }
        }
    }
}
