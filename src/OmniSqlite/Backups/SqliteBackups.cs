using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;

namespace OmniSqlite
{
    /// <summary>
    /// Consistent, verified, compressed backups of SQLite databases, with retention (<see cref="Prune()"/>),
    /// listing (<see cref="List()"/>), verification and restore.
    /// </summary>
    /// <remarks>
    /// A backup is written to a temporary file (name starting with '.') in <see cref="BackupOptions.Directory"/>,
    /// checked with <c>PRAGMA integrity_check</c>, gzip-compressed, fsynced, described by a metadata file
    /// (<c>&lt;backup&gt;.meta</c>, published first) and finally renamed into place; that rename is the single
    /// moment the backup starts to count. A crash or cancellation before it leaves only temporary files, which
    /// <see cref="List()"/> ignores and <see cref="Prune()"/> removes once they are a day old.
    /// </remarks>
    public sealed partial class SqliteBackups
    {
        internal const string TempSuffix = ".tmp";
        private const string TimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

        private static readonly Action<ILogger, string, string, long, long, bool, long, Exception?> LogCreated =
            LoggerMessage.Define<string, string, long, long, bool, long>(LogLevel.Debug, new EventId(5001, "BackupCreated"),
                "Backup of {Database} written to {Path}: {DatabaseBytes} bytes -> {FileBytes} bytes, verified: {Verified}, {ElapsedMilliseconds} ms");

        private static readonly Action<ILogger, string, DateTime, Exception?> LogPruned =
            LoggerMessage.Define<string, DateTime>(LogLevel.Information, new EventId(5002, "BackupPruned"), "Pruned backup {Path} (taken {CreatedUtc:u})");

        private static readonly Action<ILogger, string, Exception?> LogPruneFailed =
            LoggerMessage.Define<string>(LogLevel.Warning, new EventId(5003, "BackupPruneFailed"), "The backup succeeded, but pruning {Directory} failed; earlier backups are kept");

        private readonly BackupOptions _options;
        private readonly ILogger _logger;

        /// <summary>Creates the service; <paramref name="options"/> are validated now and copied.</summary>
        /// <exception cref="ArgumentException">An option is not valid; the message names it.</exception>
        public SqliteBackups(BackupOptions options, ILogger? logger = null)
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.Validate();
            _options = options.Clone();
            _options.Directory = Path.GetFullPath(options.Directory);
            _logger = logger ?? NullLogger.Instance;
        }

        /// <summary>The clock for timestamps and retention (tests replace it).</summary>
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        /// <summary>A copy of the validated settings (with <see cref="BackupOptions.Directory"/> made absolute).</summary>
        public BackupOptions Options => _options.Clone();

        /// <summary>
        /// Backs up the database of an open connection. The copy is one moment's snapshot even while other
        /// connections write. The connection must not be inside a transaction and must not be used by anything
        /// else until the task completes.
        /// </summary>
        /// <exception cref="OperationCanceledException">Cancelled; nothing was published and earlier backups are untouched.</exception>
        /// <exception cref="BackupVerificationException">The copy failed <c>PRAGMA integrity_check</c>; nothing was published.</exception>
        public Task<BackupResult> CreateAsync(SqliteConnection source, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            CheckSource(source);
            return Task.Run(() => CreateCore(source, progress, cancellationToken), cancellationToken);
        }

        /// <summary>Backs up a database given by file path or connection string (opened read-write, never created).</summary>
        /// <exception cref="FileNotFoundException">The database file does not exist.</exception>
        public async Task<BackupResult> CreateAsync(string database, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            using var connection = OpenExisting(database);
            return await CreateAsync(connection, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Synchronous twin of <see cref="CreateAsync(SqliteConnection, IProgress{BackupProgress}, CancellationToken)"/>.</summary>
        public BackupResult Create(SqliteConnection source, IProgress<BackupProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            CheckSource(source);
            return CreateCore(source, progress, cancellationToken);
        }

        /// <summary>The name that groups a database's backups: its file name without extension (<c>memory</c> for an in-memory database).</summary>
        public static string GetDatabaseName(string databasePath)
        {
            if (string.IsNullOrWhiteSpace(databasePath) || databasePath.Trim() == ":memory:")
            {
                return "memory";
            }

            string name = Path.GetFileNameWithoutExtension(databasePath.Trim());
            if (name.Length == 0)
            {
                return "memory";
            }

            var invalid = new HashSet<char>(Path.GetInvalidFileNameChars()) { '/', '\\', ':', '{', '}' };
            var sb = new StringBuilder(name.Length);
            foreach (char c in name)
            {
                sb.Append(invalid.Contains(c) ? '_' : c);
            }

            return sb.ToString().TrimStart('.') is { Length: > 0 } cleaned ? cleaned : "database";
        }

        /// <summary>Opens an existing database (path or connection string) without creating it; pooling off.</summary>
        internal static SqliteConnection OpenExisting(string database)
        {
            if (string.IsNullOrWhiteSpace(database))
            {
                throw new ArgumentException("A database path or connection string is required.", nameof(database));
            }

            SqliteConnectionStringBuilder builder = database.IndexOf('=') >= 0
                ? new SqliteConnectionStringBuilder(database)
                : new SqliteConnectionStringBuilder { DataSource = database };
            if (!builder.ShouldSerialize("Mode"))
            {
                builder.Mode = SqliteOpenMode.ReadWrite;
            }

            builder.Pooling = false;
            string dataSource = builder.DataSource;
            bool isFile = dataSource.Length > 0 && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
            if (isFile && !File.Exists(dataSource))
            {
                throw new FileNotFoundException($"The database '{Path.GetFullPath(dataSource)}' does not exist.", dataSource);
            }

            var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 5000;";
                command.ExecuteNonQuery();
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        private static void CheckSource(SqliteConnection source)
        {
            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            if (source.State != System.Data.ConnectionState.Open)
            {
                throw new InvalidOperationException("The source connection must be open before it can be backed up.");
            }

            if (raw.sqlite3_get_autocommit(source.Handle) == 0)
            {
                throw new InvalidOperationException(
                    "The source connection is inside a transaction. A backup takes its own read snapshot; commit or roll back first, or back up from another connection.");
            }
        }

        private BackupResult CreateCore(SqliteConnection source, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopwatch = Stopwatch.StartNew();
            BackupOptions o = _options;
            System.IO.Directory.CreateDirectory(o.Directory);

            DateTime created = UtcNow();
            string database = GetDatabaseName(source.DataSource);
            long sequence = List(database).Select(b => b.Sequence).DefaultIfEmpty(0).Max() + 1;
            string finalPath = ChooseFinalPath(database, created);
            string finalMeta = finalPath + BackupManifest.Extension;
            string tag = Guid.NewGuid().ToString("N").Substring(0, 12);
            string tempPrefix = Path.Combine(o.Directory, "." + Path.GetFileName(finalPath) + "." + tag);
            string tempCopy = tempPrefix + ".copy" + TempSuffix;
            string tempGzip = tempPrefix + ".gz" + TempSuffix;
            string tempMeta = tempPrefix + ".meta" + TempSuffix;

            bool metaPublished = false;
            bool committed = false;
            BackupInfo info;
            CopyStats stats;
            try
            {
                stats = o.Method == BackupMethod.VacuumInto
                    ? VacuumInto(source, tempCopy, progress, cancellationToken)
                    : OnlineBackup(source, tempCopy, o.PagesPerStep, progress, cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
                DurableFile.DeleteSqliteSideFiles(tempCopy);
                DurableFile.Sync(tempCopy);

                long copyBytes = new FileInfo(tempCopy).Length;
                progress?.Report(new BackupProgress(BackupStage.Verifying, 0, copyBytes));
                CheckedDatabase copy = SqliteFileCheck.Check(tempCopy, tempCopy, integrityCheck: o.Verify);
                progress?.Report(new BackupProgress(BackupStage.Verifying, copyBytes, copyBytes));
                cancellationToken.ThrowIfCancellationRequested();

                string dataTemp;
                string sha256;
                if (o.Compress)
                {
                    sha256 = SqliteFileCheck.Compress(tempCopy, tempGzip, o.CompressionLevel, progress, cancellationToken);
                    DurableFile.TryDelete(tempCopy);
                    dataTemp = tempGzip;
                }
                else
                {
                    sha256 = SqliteFileCheck.Sha256OfFile(tempCopy, null, cancellationToken);
                    dataTemp = tempCopy;
                }

                info = new BackupInfo
                {
                    Path = finalPath,
                    MetadataPath = finalMeta,
                    Database = database,
                    SourcePath = source.DataSource ?? "",
                    CreatedUtc = created,
                    Sequence = sequence,
                    Method = o.Method,
                    Compressed = o.Compress,
                    DatabaseBytes = copy.Bytes,
                    FileBytes = new FileInfo(dataTemp).Length,
                    Pages = copy.Pages,
                    PageSize = copy.PageSize,
                    Verified = o.Verify,
                    Sha256 = sha256,
                };

                progress?.Report(new BackupProgress(BackupStage.Publishing, 0, 2));
                cancellationToken.ThrowIfCancellationRequested();
                File.WriteAllText(tempMeta, BackupManifest.Write(info), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                DurableFile.Sync(tempMeta);
                File.Move(tempMeta, finalMeta);
                metaPublished = true;

                progress?.Report(new BackupProgress(BackupStage.Publishing, 1, 2));
                cancellationToken.ThrowIfCancellationRequested();

                // The commit point: until this rename the backup does not exist for List(), Prune() or anyone else.
                File.Move(dataTemp, finalPath);
                committed = true;
                DurableFile.SyncDirectory(o.Directory);
                progress?.Report(new BackupProgress(BackupStage.Publishing, 2, 2));
            }
            finally
            {
                if (!committed && metaPublished)
                {
                    DurableFile.TryDelete(finalMeta);
                }

                DurableFile.TryDelete(tempCopy);
                DurableFile.DeleteSqliteSideFiles(tempCopy);
                DurableFile.TryDelete(tempGzip);
                DurableFile.TryDelete(tempMeta);
            }

            stopwatch.Stop();
            LogCreated(_logger, database, finalPath, info.DatabaseBytes, info.FileBytes, info.Verified, stopwatch.ElapsedMilliseconds, null);

            IReadOnlyList<BackupInfo> pruned = Array.Empty<BackupInfo>();
            if (o.PruneAfterCreate && (o.Keep.HasValue || o.MaxAge.HasValue))
            {
                try
                {
                    pruned = Prune(database);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    LogPruneFailed(_logger, o.Directory, ex);
                }
            }

            progress?.Report(new BackupProgress(BackupStage.Completed, info.DatabaseBytes, info.DatabaseBytes));
            OmniSqliteTelemetry.RecordBackup(stopwatch.Elapsed, info.FileBytes);
            return new BackupResult(info, stopwatch.Elapsed, pruned) { Steps = stats.Steps, Restarts = stats.Restarts };
        }

        private string ChooseFinalPath(string database, DateTime created)
        {
            string baseName = _options.FileNamePattern
                .Replace(BackupOptions.DatabaseToken, database)
                .Replace(BackupOptions.TimestampToken, created.ToString(TimestampFormat, CultureInfo.InvariantCulture));
            string extension = _options.Compress ? ".db.gz" : ".db";
            for (int i = 0; ; i++)
            {
                string candidate = Path.Combine(_options.Directory, baseName + (i == 0 ? "" : "-" + i.ToString(CultureInfo.InvariantCulture)) + extension);
                if (!File.Exists(candidate) && !File.Exists(candidate + BackupManifest.Extension))
                {
                    return candidate;
                }
            }
        }

        private readonly struct CopyStats
        {
            public CopyStats(int steps, int restarts)
            {
                Steps = steps;
                Restarts = restarts;
            }

            public int Steps { get; }
            public int Restarts { get; }
        }

        /// <summary>
        /// Online backup API, step by step, inside one read transaction on the source connection. Holding the read
        /// snapshot for the whole copy is what makes it finish under steady writes: SQLite restarts a backup when
        /// the source changes between steps, and with the transaction open the source connection never sees a change
        /// (WAL readers keep their snapshot; in rollback-journal mode writers wait for the copy instead).
        /// </summary>
        private static CopyStats OnlineBackup(SqliteConnection source, string target, int pagesPerStep, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
            using var destination = new SqliteConnection(builder.ToString());
            destination.Open();

            Execute(source, "BEGIN DEFERRED;");
            try
            {
                // The first read starts the snapshot that every step copies from.
                Scalar(source, "SELECT count(*) FROM main.sqlite_master;");
                long pageCount = Scalar(source, "PRAGMA main.page_count;");
                long pageSize = Scalar(source, "PRAGMA main.page_size;");
                int step = pagesPerStep > 0 ? pagesPerStep : (int)Math.Min(int.MaxValue, Math.Max(256, pageCount / 100));

                sqlite3_backup backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
                if (backup is null || backup.IsInvalid)
                {
                    SqliteException.ThrowExceptionForRC(raw.sqlite3_errcode(destination.Handle), destination.Handle);
                }

                int steps = 0;
                int restarts = 0;
                int busyRetries = 0;
                long lastRemaining = long.MaxValue;
                try
                {
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int rc = raw.sqlite3_backup_step(backup, step);
                        if (rc == raw.SQLITE_BUSY || rc == raw.SQLITE_LOCKED)
                        {
                            if (++busyRetries > 2000)
                            {
                                SqliteException.ThrowExceptionForRC(rc, destination.Handle);
                            }

                            Thread.Sleep(5);
                            continue;
                        }

                        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE)
                        {
                            SqliteException.ThrowExceptionForRC(rc, destination.Handle);
                        }

                        steps++;
                        long remaining = raw.sqlite3_backup_remaining(backup);
                        long total = raw.sqlite3_backup_pagecount(backup);
                        if (remaining > lastRemaining)
                        {
                            restarts++;
                        }

                        lastRemaining = remaining;
                        progress?.Report(new BackupProgress(BackupStage.Copying, (total - remaining) * pageSize, total * pageSize));
                        if (rc == raw.SQLITE_DONE)
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    int finish = raw.sqlite3_backup_finish(backup);
                    if (finish != raw.SQLITE_OK && !cancellationToken.IsCancellationRequested)
                    {
                        SqliteException.ThrowExceptionForRC(finish, destination.Handle);
                    }
                }

                return new CopyStats(steps, restarts);
            }
            finally
            {
                try
                {
                    Execute(source, "COMMIT;");
                }
                catch (SqliteException)
                {
                    // Ending a read-only transaction cannot lose data; the first error is the one to report.
                }
            }
        }

        /// <summary><c>VACUUM INTO</c> on a worker thread; progress is the output file's size against the live pages; cancellation interrupts it.</summary>
        private static CopyStats VacuumInto(SqliteConnection source, string target, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
        {
            long pageSize = Scalar(source, "PRAGMA main.page_size;");
            long estimate = Math.Max(pageSize, (Scalar(source, "PRAGMA main.page_count;") - Scalar(source, "PRAGMA main.freelist_count;")) * pageSize);

            using var command = source.CreateCommand();
            command.CommandText = "VACUUM main INTO $path;";
            command.Parameters.AddWithValue("$path", target);
            command.CommandTimeout = 0;

            Task vacuum;
            using (cancellationToken.Register(() => raw.sqlite3_interrupt(source.Handle)))
            {
                vacuum = Task.Run(() => command.ExecuteNonQuery(), CancellationToken.None);
                while (Task.WaitAny(new[] { vacuum }, 100) < 0)
                {
                    long written = File.Exists(target) ? new FileInfo(target).Length : 0;
                    progress?.Report(new BackupProgress(BackupStage.Copying, Math.Min(written, estimate), estimate));
                }
            }

            try
            {
                vacuum.GetAwaiter().GetResult();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The backup was cancelled.", ex, cancellationToken);
            }

            long size = new FileInfo(target).Length;
            progress?.Report(new BackupProgress(BackupStage.Copying, size, size));
            return new CopyStats(1, 0);
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static long Scalar(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }
}
