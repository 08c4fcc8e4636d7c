using System;
using System.Threading;
using System.Threading.Tasks;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniSqlite.Hosting
{
    /// <summary>
    /// Runs <see cref="SqliteBackups.CreateAsync(string, IProgress{BackupProgress}, CancellationToken)"/> on a cron schedule,
    /// logs each result, and keeps going after a failed backup (the next occurrence runs as planned).
    /// Runs that would overlap are skipped: the next occurrence is computed after a backup finishes.
    /// </summary>
    public sealed partial class OmniSqliteBackupService : BackgroundService
    {
        private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(12);
        private readonly OmniSqliteBackupServiceOptions _options;
        private readonly ILogger<OmniSqliteBackupService> _logger;
        private readonly TimeProvider _time;
        private readonly CronExpression _schedule;
        private readonly SqliteBackups _backups;
        private int _succeeded;
        private int _failed;

        public OmniSqliteBackupService(IOptions<OmniSqliteBackupServiceOptions> options, ILogger<OmniSqliteBackupService> logger, TimeProvider time)
        {
            _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
            _logger = logger ?? throw new ArgumentNullException(nameof(logger));
            _time = time ?? throw new ArgumentNullException(nameof(time));
            var errors = _options.GetValidationErrors();
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(nameof(OmniSqliteBackupServiceOptions), typeof(OmniSqliteBackupServiceOptions), errors);
            }

            _schedule = OmniSqliteBackupServiceOptions.TryParseSchedule(_options.Schedule, out _)!;
            _backups = new SqliteBackups(_options.Backup, logger, time);
        }

        /// <summary>The last successful backup, or null.</summary>
        public BackupResult? LastResult { get; private set; }

        /// <summary>The error of the last run when it failed; null after a success.</summary>
        public Exception? LastError { get; private set; }

        /// <summary>Backups that succeeded since the service started.</summary>
        public int Succeeded => Volatile.Read(ref _succeeded);

        /// <summary>Backups that failed since the service started.</summary>
        public int Failed => Volatile.Read(ref _failed);

        /// <summary>The backups this service writes (for listing or restoring).</summary>
        public SqliteBackups Backups => _backups;

        /// <summary>Takes one backup now, logging the outcome; never throws except for cancellation of <paramref name="cancellationToken"/>.</summary>
        public async Task<BackupResult?> RunOnceAsync(CancellationToken cancellationToken)
        {
            try
            {
                BackupResult result = await _backups.CreateAsync(_options.Database, null, cancellationToken).ConfigureAwait(false);
                LastResult = result;
                LastError = null;
                Interlocked.Increment(ref _succeeded);
                LogSucceeded(result.Path, result.DatabaseBytes, result.FileBytes, result.Verified, (long)result.Duration.TotalMilliseconds, result.Pruned.Count);
                return result;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                LastError = ex;
                int failures = Interlocked.Increment(ref _failed);
                LogFailed(ex, _options.Database, failures);
                return null;
            }
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                if (_options.RunOnStart)
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    DateTimeOffset now = _time.GetUtcNow();
                    DateTimeOffset? next = _schedule.GetNextOccurrence(now, _options.TimeZone);
                    if (next is null)
                    {
                        LogNoNextOccurrence(_options.Schedule);
                        return;
                    }

                    LogNext(next.Value);
                    await DelayUntilAsync(next.Value, stoppingToken).ConfigureAwait(false);
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Host shutdown.
            }
        }

        private async Task DelayUntilAsync(DateTimeOffset when, CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait = when - _time.GetUtcNow();
                if (wait <= TimeSpan.Zero)
                {
                    return;
                }

                // Task.Delay takes at most ~24 days; long waits are split (and re-read the clock after each part).
                await Task.Delay(wait < LongestDelay ? wait : LongestDelay, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
            Message = "Scheduled backup written to {Path}: {DatabaseBytes} -> {FileBytes} bytes, verified: {Verified}, {ElapsedMilliseconds} ms, {PrunedCount} old backups pruned")]
        private partial void LogSucceeded(string path, long databaseBytes, long fileBytes, bool verified, long elapsedMilliseconds, int prunedCount);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Error,
            Message = "Scheduled backup of {Database} failed ({FailureCount} failures so far); the schedule continues")]
        private partial void LogFailed(Exception exception, string database, int failureCount);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Next scheduled backup at {Next:O}")]
        private partial void LogNext(DateTimeOffset next);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "The backup schedule '{Schedule}' has no next occurrence; the backup service stops")]
        private partial void LogNoNextOccurrence(string schedule);
    }
}
