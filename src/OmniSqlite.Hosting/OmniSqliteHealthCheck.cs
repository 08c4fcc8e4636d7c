using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniSqlite.Hosting
{
    /// <summary>Thresholds of the OmniSqlite health check (<c>services.AddHealthChecks().AddOmniSqlite(o => ...)</c>).</summary>
    public sealed class OmniSqliteHealthCheckOptions
    {
        /// <summary>Run <c>PRAGMA quick_check</c> (reads every page: O(database size)) instead of the cheap read of the schema. Default false.</summary>
        public bool QuickCheck { get; set; }

        /// <summary>A -wal file larger than this is Degraded: checkpoints are not keeping up (a long reader, or wal_autocheckpoint off). Default 128 MiB.</summary>
        public long WalSizeThreshold { get; set; } = 128L * 1024 * 1024;

        /// <summary>The newest verified backup older than this is Degraded. Default 26 hours (a daily backup and some slack).</summary>
        public TimeSpan BackupAgeThreshold { get; set; } = TimeSpan.FromHours(26);

        /// <summary>
        /// Where the backups are. Null: the directory of the scheduled backups (<c>AddOmniSqliteBackups</c>) when registered;
        /// with neither, the backup age is not checked.
        /// </summary>
        public string? BackupDirectory { get; set; }
    }

    /// <summary>
    /// Healthy, Degraded or Unhealthy with the figures as data: Unhealthy when the database cannot be opened and read (or quick_check
    /// fails); Degraded when the WAL is above its threshold, or backups are expected and there is no verified one or the newest is too old.
    /// </summary>
    internal sealed class OmniSqliteHealthCheck : IHealthCheck
    {
        private readonly ISqliteConnectionFactory _factory;
        private readonly OmniSqliteHealthCheckOptions _options;
        private readonly IServiceProvider _services;
        private readonly TimeProvider _time;

        public OmniSqliteHealthCheck(ISqliteConnectionFactory factory, OmniSqliteHealthCheckOptions options, IServiceProvider services)
        {
            _factory = factory;
            _options = options;
            _services = services;
            _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>();
            string? file;
            try
            {
                using var connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
                file = string.IsNullOrEmpty(connection.DataSource) ? null : connection.DataSource;
                using var command = connection.CreateCommand();
                command.CommandText = _options.QuickCheck ? "PRAGMA quick_check" : "SELECT count(*) FROM sqlite_schema";
                var answer = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                if (_options.QuickCheck)
                {
                    data["quick_check"] = answer ?? "";
                    if (answer != "ok") return new HealthCheckResult(context.Registration.FailureStatus, $"quick_check on {file}: {answer}", data: data);
                }
                else
                {
                    data["schema_objects"] = answer ?? "";
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, "The database cannot be opened and read: " + e.Message, e, data);
            }

            var problems = new List<string>();
            if (file is not null)
            {
                data["database"] = file;
                data["database_bytes"] = SizeOf(file);
                long wal = SizeOf(file + "-wal");
                data["wal_bytes"] = wal;
                data["wal_threshold_bytes"] = _options.WalSizeThreshold;
                if (wal > _options.WalSizeThreshold)
                    problems.Add($"the WAL is {wal} bytes, above {_options.WalSizeThreshold}: checkpoints are not keeping up (a long-running reader, or wal_autocheckpoint off); run connection.Checkpoint(SqliteCheckpointMode.Truncate) when readers are idle");
            }

            var backups = BackupsToCheck();
            if (backups is not null)
            {
                data["backup_directory"] = backups.Options.Directory;
                data["backup_age_threshold_seconds"] = _options.BackupAgeThreshold.TotalSeconds;
                var newest = backups.List().Where(b => b.Verified).OrderByDescending(b => b.CreatedUtc).FirstOrDefault();
                if (newest is null)
                {
                    problems.Add($"no verified backup in {backups.Options.Directory}");
                }
                else
                {
                    var age = _time.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(newest.CreatedUtc, DateTimeKind.Utc);
                    data["last_backup_utc"] = newest.CreatedUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                    data["last_backup_age_seconds"] = Math.Round(age.TotalSeconds);
                    if (age > _options.BackupAgeThreshold)
                        problems.Add($"the newest verified backup is {age.TotalHours:0.#} hours old, above {_options.BackupAgeThreshold.TotalHours:0.#}");
                }
            }

            return problems.Count == 0
                ? HealthCheckResult.Healthy($"{file ?? "(in-memory)"} answers", data)
                : HealthCheckResult.Degraded($"{file}: " + string.Join("; ", problems) + ".", data: data);
        }

        private SqliteBackups? BackupsToCheck()
        {
            if (!string.IsNullOrWhiteSpace(_options.BackupDirectory))
                return new SqliteBackups(new BackupOptions { Directory = _options.BackupDirectory! });
            return _services.GetService<OmniSqliteBackupService>()?.Backups;
        }

        private static long SizeOf(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? info.Length : 0;
            }
            catch (IOException) { return 0; }
            catch (UnauthorizedAccessException) { return 0; }
        }
    }
}
