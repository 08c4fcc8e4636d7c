using System;
using System.Collections.Generic;
using Cronos;

namespace OmniSqlite.Hosting
{
    /// <summary>Settings for the scheduled backup service registered by <c>AddOmniSqliteBackups</c>.</summary>
    public sealed class OmniSqliteBackupServiceOptions
    {
        /// <summary>The database to back up: a file path or a Microsoft.Data.Sqlite connection string. Required.</summary>
        public string Database { get; set; } = "";

        /// <summary>
        /// When to back up, as a cron expression: five fields (<c>minute hour day month weekday</c>, e.g.
        /// <c>"0 3 * * *"</c> daily at 03:00) or six with seconds first (<c>"*/30 * * * * *"</c>). Default daily at 03:00.
        /// </summary>
        public string Schedule { get; set; } = "0 3 * * *";

        /// <summary>The time zone the schedule is read in. Default UTC.</summary>
        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

        /// <summary>Also take a backup as soon as the host starts. Default false.</summary>
        public bool RunOnStart { get; set; }

        /// <summary>Where and how backups are written, and the retention rules applied after each one.</summary>
        public BackupOptions Backup { get; set; } = new BackupOptions();

        /// <summary>Every problem with these settings, each naming the option; empty when valid.</summary>
        public IReadOnlyList<string> GetValidationErrors()
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(Database))
            {
                errors.Add("OmniSqliteBackupServiceOptions.Database is required: a database file path or connection string.");
            }

            if (TimeZone is null)
            {
                errors.Add("OmniSqliteBackupServiceOptions.TimeZone must not be null (use TimeZoneInfo.Utc).");
            }

            if (TryParseSchedule(Schedule, out string? problem) is null)
            {
                errors.Add($"OmniSqliteBackupServiceOptions.Schedule '{Schedule}' is not a valid cron expression: {problem}");
            }

            if (Backup is null)
            {
                errors.Add("OmniSqliteBackupServiceOptions.Backup must not be null.");
            }
            else
            {
                foreach (string error in Backup.GetValidationErrors())
                {
                    errors.Add(error.Replace("BackupOptions.", "OmniSqliteBackupServiceOptions.Backup."));
                }
            }

            return errors;
        }

        /// <summary>Parses a 5-field or 6-field (seconds first) cron expression.</summary>
        internal static CronExpression? TryParseSchedule(string? schedule, out string? problem)
        {
            problem = null;
            if (string.IsNullOrWhiteSpace(schedule))
            {
                problem = "it is empty (example: \"0 3 * * *\" for daily at 03:00).";
                return null;
            }

            string trimmed = schedule!.Trim();
            int fields = trimmed.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Length;
            try
            {
                return CronExpression.Parse(trimmed, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                problem = ex.Message;
                return null;
            }
        }
    }
}
