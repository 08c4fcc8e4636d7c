using System;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OmniSqlite.Internal;
using SQLitePCL;

namespace OmniSqlite
{
    /// <summary>
    /// Logs SQLite statements slower than a threshold through <see cref="ILogger"/> (as warnings, with the SQL text and milliseconds).
    /// It hooks SQLite itself, so it sees statements from generated repositories, Dapper and hand-written commands alike.
    /// SQLite measures with millisecond resolution.
    /// </summary>
    public static class SlowQueryLog
    {
        /// <summary>Starts logging statements on this connection that take at least <paramref name="threshold"/> (default 100 ms).</summary>
        public static void EnableSlowQueryLog(this SqliteConnection connection, ILogger logger, TimeSpan? threshold = null)
        {
            Sql.RequireOpen(connection, "EnableSlowQueryLog");
            if (logger is null) throw new ArgumentNullException(nameof(logger));
            var value = threshold ?? SqliteProfile.DefaultSlowQueryThreshold;
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(threshold), value, "The slow-query threshold must not be negative.");
            Attach(connection, logger, value);
        }

        /// <summary>Stops the slow-query log on this connection.</summary>
        public static void DisableSlowQueryLog(this SqliteConnection connection)
        {
            Sql.RequireOpen(connection, "DisableSlowQueryLog");
            Detach(connection);
        }

        internal static void Attach(SqliteConnection connection, ILogger logger, TimeSpan threshold)
        {
            var thresholdNs = threshold.Ticks * 100;
            var dataSource = connection.DataSource ?? "";
            raw.sqlite3_profile(connection.Handle, (object userData, string statement, long ns) =>
            {
                if (ns < thresholdNs) return;
                try
                {
                    Log.SlowStatement(logger, dataSource, ns / 1_000_000.0, threshold.TotalMilliseconds, statement);
                }
                catch (Exception)
                {
                    // A logger that throws must not break the statement inside SQLite's callback.
                }
            }, null);
        }

        internal static void Detach(SqliteConnection connection)
        {
            raw.sqlite3_profile(connection.Handle, (strdelegate_profile)null!, null);
        }
    }
}
