using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OmniSqlite
{
    public sealed partial class SqliteBackups
    {
        /// <summary>Restores a listed backup over <paramref name="targetPath"/>; see <see cref="RestoreAsync(string, string, RestoreOptions, IProgress{BackupProgress}, CancellationToken)"/>.</summary>
        public Task<RestoreResult> RestoreAsync(BackupInfo backup, string targetPath, RestoreOptions? options = null, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (backup is null)
            {
                throw new ArgumentNullException(nameof(backup));
            }

            return Task.Run(() => RestoreCore(backup.Path, backup, targetPath, options ?? new RestoreOptions(), progress, cancellationToken), cancellationToken);
        }

        /// <summary>
        /// Restores a backup file (<c>.db.gz</c> or a plain database) to <paramref name="targetPath"/>. The file is
        /// decompressed into a temporary file beside the target and must pass the header checks and
        /// <c>PRAGMA integrity_check</c> (and match the SHA-256 in its metadata file, when there is one); a file longer
        /// than its header's page count says is refused (a gzip bomb stops at that length). Only then is the target
        /// touched: it must not be open anywhere (in any journal mode: its WAL is checkpointed away, which fails while
        /// another connection has it open, and on Linux <c>/proc/*/fd</c> shows every process that holds it open), and
        /// the checked copy, given the target's owner and permissions, is renamed over it in one step, with any stale
        /// -wal, -shm or -journal removed first. This process's idle pooled connections are cleared; close every other
        /// connection to the target before restoring.
        /// </summary>
        /// <remarks>Runs on the thread pool (see the class remarks on the async policy).</remarks>
        /// <exception cref="BackupVerificationException">Not SQLite, truncated, too long, corrupt or checksum mismatch; the target is untouched.</exception>
        /// <exception cref="RestoreRefusedException">The target exists and <see cref="RestoreOptions.Overwrite"/> is false, it is in use,
        /// <see cref="RestoreOptions.RequireManifest"/> is set and there is no metadata file, or this process runs as another user than the target's owner.</exception>
        /// <exception cref="FileNotFoundException">The backup file does not exist.</exception>
        public Task<RestoreResult> RestoreAsync(string backupPath, string targetPath, RestoreOptions? options = null, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(backupPath))
            {
                throw new ArgumentException("The backup file path is required.", nameof(backupPath));
            }

            BackupInfo? manifest = ReadManifestBeside(backupPath);
            return Task.Run(() => RestoreCore(backupPath, manifest, targetPath, options ?? new RestoreOptions(), progress, cancellationToken), cancellationToken);
        }

        private static BackupInfo? ReadManifestBeside(string path) =>
            File.Exists(path + BackupManifest.Extension) ? BackupManifest.TryRead(Path.GetFullPath(path) + BackupManifest.Extension) : null;

        /// <summary>Checks a listed backup: checksum against its metadata, then decompression, header checks and <c>PRAGMA integrity_check</c> on a temporary copy.</summary>
        public Task<BackupVerificationResult> VerifyAsync(BackupInfo backup, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (backup is null)
            {
                throw new ArgumentNullException(nameof(backup));
            }

            return Task.Run(() => VerifyCore(backup.Path, backup.Sha256, progress, cancellationToken), cancellationToken);
        }

        /// <summary>
        /// Checks any backup file or database file (gzip or plain) without changing it: a temporary copy in the
        /// system temp folder is checked. Problems with the content come back in the result; a missing file throws.
        /// </summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        public Task<BackupVerificationResult> VerifyAsync(string path, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The file path is required.", nameof(path));
            }

            string? sha = File.Exists(path + BackupManifest.Extension) ? BackupManifest.TryRead(Path.GetFullPath(path) + BackupManifest.Extension)?.Sha256 : null;
            return Task.Run(() => VerifyCore(path, sha, progress, cancellationToken), cancellationToken);
        }

        private static BackupVerificationResult VerifyCore(string path, string? expectedSha256, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"The file '{full}' does not exist.", full);
            }

            string temp = Path.Combine(Path.GetTempPath(), ".omnisqlite-verify-" + Guid.NewGuid().ToString("N") + TempSuffix);
            try
            {
                CheckShaIfKnown(full, expectedSha256, progress, cancellationToken);
                SqliteFileCheck.Extract(full, temp, full, progress, cancellationToken);
                progress?.Report(new BackupProgress(BackupStage.Verifying, 0, 1));
                CheckedDatabase db = SqliteFileCheck.Check(temp, full);
                progress?.Report(new BackupProgress(BackupStage.Completed, 1, 1));
                return new BackupVerificationResult(full, null, db.Bytes, db.Pages, db.PageSize);
            }
            catch (BackupVerificationException ex)
            {
                return new BackupVerificationResult(full, ex.Problem, 0, 0, 0);
            }
            finally
            {
                DurableFile.TryDelete(temp);
                DurableFile.DeleteSqliteSideFiles(temp);
            }
        }

        private static void CheckShaIfKnown(string path, string? expectedSha256, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(expectedSha256))
            {
                return;
            }

            string actual = SqliteFileCheck.Sha256OfFile(path, progress, cancellationToken);
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupVerificationException(path, $"its SHA-256 ({actual}) does not match the one in its metadata file ({expectedSha256}); the file changed after the backup was written.");
            }
        }

        private RestoreResult RestoreCore(string backupPath, BackupInfo? manifest, string targetPath, RestoreOptions options, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(targetPath))
            {
                throw new ArgumentException("The target database path is required.", nameof(targetPath));
            }

            var stopwatch = Stopwatch.StartNew();
            string backupFull = Path.GetFullPath(backupPath);
            string targetFull = Path.GetFullPath(targetPath);
            if (!File.Exists(backupFull))
            {
                throw new FileNotFoundException($"The backup file '{backupFull}' does not exist.", backupFull);
            }

            if (string.Equals(backupFull, targetFull, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The backup '{backupFull}' and the restore target are the same file.", nameof(targetPath));
            }

            if (manifest is null && options.RequireManifest)
            {
                throw new RestoreRefusedException(BackupErrorReason.ManifestMissing, targetFull,
                    $"The backup '{backupFull}' has no readable metadata file ('{Path.GetFileName(backupFull)}{BackupManifest.Extension}'), and RestoreOptions.RequireManifest " +
                    "(CLI: --require-manifest) is set. Without it only the file's own header and PRAGMA integrity_check can be checked, not its SHA-256; " +
                    "restore a backup made by OmniSqlite, or drop the requirement.");
            }

            PosixFileStatus? targetStatus = CheckRestoreTarget(targetFull, options.Overwrite);
            string targetDirectory = Path.GetDirectoryName(targetFull) ?? ".";
            System.IO.Directory.CreateDirectory(targetDirectory);
            string temp = Path.Combine(targetDirectory, "." + Path.GetFileName(targetFull) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".restore" + TempSuffix);
            try
            {
                // Everything up to the swap works on the temporary copy only: a bad backup leaves the target as it was.
                CheckShaIfKnown(backupFull, manifest?.Sha256, progress, cancellationToken);
                SqliteFileCheck.Extract(backupFull, temp, backupFull, progress, cancellationToken);
                progress?.Report(new BackupProgress(BackupStage.Verifying, 0, 1));
                CheckedDatabase db = SqliteFileCheck.Check(temp, backupFull);
                progress?.Report(new BackupProgress(BackupStage.Verifying, 1, 1));
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new BackupProgress(BackupStage.Publishing, 0, 1));
                string? keptCopy = PublishRestored(temp, targetFull, targetStatus, options.KeepReplacedCopy, _time);
                progress?.Report(new BackupProgress(BackupStage.Completed, 1, 1));
                return new RestoreResult(targetFull, backupFull, db.Bytes, db.Pages, stopwatch.Elapsed, keptCopy);
            }
            finally
            {
                DurableFile.TryDelete(temp);
                DurableFile.DeleteSqliteSideFiles(temp);
            }
        }

        /// <summary>The checks on the target made before any work: it may be replaced (exists only with overwrite, and by its owner or root). Returns its owner and mode.</summary>
        internal static PosixFileStatus? CheckRestoreTarget(string targetFull, bool overwrite)
        {
            PosixFileStatus? targetStatus = File.Exists(targetFull) ? PosixFile.Stat(targetFull) : null;
            if (File.Exists(targetFull))
            {
                if (!overwrite)
                {
                    throw new RestoreRefusedException(BackupErrorReason.TargetExists, targetFull,
                        $"The target database '{targetFull}' exists. Set RestoreOptions.Overwrite = true (CLI: --force) to replace it.");
                }

                CheckMayReplace(targetFull, targetStatus);
            }

            return targetStatus;
        }

        /// <summary>
        /// The atomic publish of a checked database file (<paramref name="temp"/>, in the target's folder) over the target: the
        /// target's owner is kept, the target must not be open anywhere, stale -wal/-shm/-journal go first, then one rename and an
        /// fsync of the folder. Returns where the replaced database was kept, or null.
        /// </summary>
        internal static string? PublishRestored(string temp, string targetFull, PosixFileStatus? targetStatus, bool keepReplacedCopy, TimeProvider time)
        {
            string targetDirectory = Path.GetDirectoryName(targetFull) ?? ".";
            if (targetStatus is PosixFileStatus owner && PosixFile.EffectiveUserId() == 0)
            {
                // As root the new file would belong to root and the application (its owner) could no longer write it.
                PosixFile.CopyOwnership(temp, owner);
            }

            SqliteConnection.ClearAllPools();
            string? keptCopy = null;
            if (File.Exists(targetFull))
            {
                DetachTarget(targetFull);
                RefuseIfOpenElsewhere(targetFull);
                if (keepReplacedCopy)
                {
                    keptCopy = targetFull + ".pre-restore-" + time.GetUtcNow().UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
                    File.Copy(targetFull, keptCopy);
                    DurableFile.Sync(keptCopy);
                }
            }

            // A stale WAL or hot journal next to the new file would be replayed into it: remove them before the swap.
            DurableFile.DeleteSqliteSideFiles(targetFull);
            DurableFile.Replace(temp, targetFull);
            DurableFile.SyncDirectory(targetDirectory);
            return keptCopy;
        }

        /// <summary>
        /// Folds the target's WAL back into it and switches it to a rollback journal, which SQLite allows only when no
        /// other connection has the database open; then takes and releases an exclusive lock. A target that is not a
        /// readable database (the usual reason to restore) is left to be replaced as it is.
        /// </summary>
        private static void DetachTarget(string target)
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 2 };
            try
            {
                using var connection = new SqliteConnection(builder.ToString());
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode;";
                string mode = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
                if (string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    command.CommandText = "PRAGMA journal_mode = DELETE;";
                    string after = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
                    if (!string.Equals(after, "delete", StringComparison.OrdinalIgnoreCase))
                    {
                        throw InUse(target, null);
                    }
                }

                command.CommandText = "BEGIN EXCLUSIVE; COMMIT;";
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_BUSY || ex.SqliteErrorCode == raw.SQLITE_LOCKED)
            {
                throw InUse(target, ex);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_NOTADB || ex.SqliteErrorCode == raw.SQLITE_CORRUPT)
            {
                // Damaged target: nothing to fold back; it is replaced as it is.
            }
        }

        private static RestoreRefusedException InUse(string target, Exception? inner) =>
            new RestoreRefusedException(BackupErrorReason.TargetInUse, target,
                $"The target database '{target}' is in use by another connection. Stop the application (or close its connections) before restoring.", inner);

        /// <summary>
        /// In rollback-journal mode an idle connection holds no lock, so SQLite cannot tell that another process has the
        /// database open; the file system can: any process with the target, its -wal or its -journal open (this one
        /// included) would go on writing into the replaced file or fail with "attempt to write a readonly database".
        /// </summary>
        private static void RefuseIfOpenElsewhere(string target)
        {
            foreach (string path in new[] { target, target + "-wal", target + "-journal" })
            {
                IReadOnlyList<string> holders = PosixFile.ProcessesHoldingOpen(path);
                if (holders.Count > 0)
                {
                    throw new RestoreRefusedException(BackupErrorReason.TargetInUse, target,
                        $"The target database '{target}' is open in process {string.Join(", ", holders)}. " +
                        "Stop the application (or close its connections) before restoring; a restore under an open connection would break its writes.");
                }
            }
        }

        /// <summary>Only the target's owner, or root (who hands the new file to that owner), may replace it.</summary>
        private static void CheckMayReplace(string target, PosixFileStatus? status)
        {
            uint? user = PosixFile.EffectiveUserId();
            if (user is uint me && me != 0 && status is PosixFileStatus file && file.UserId != me)
            {
                throw new RestoreRefusedException(BackupErrorReason.WrongUser, target, string.Format(CultureInfo.InvariantCulture,
                    "The target database '{0}' belongs to uid {1}, but this restore runs as uid {2}: the restored file would belong to uid {2} " +
                    "and the application could no longer write it. Restore as the database's owner, or as root.", target, file.UserId, me));
            }
        }
    }
}
