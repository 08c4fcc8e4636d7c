using Microsoft.Extensions.Logging;

namespace OmniSqlite
{
    /// <summary>
    /// Every log line the runtime writes, each with a stable EventId (listed in docs/logging.md).
    /// 5001-5099 backups, 5201-5299 connections and the profile.
    /// </summary>
    internal static partial class Log
    {
        [LoggerMessage(EventId = 5201, EventName = "ProfileWarning", Level = LogLevel.Warning,
            Message = "SQLite profile on {DataSource}: {Warning}")]
        public static partial void ProfileWarning(ILogger logger, string dataSource, string warning);

        [LoggerMessage(EventId = 5202, EventName = "ProfileApplied", Level = LogLevel.Debug,
            Message = "{ProfileReport}")]
        public static partial void ProfileApplied(ILogger logger, ProfileReport profileReport);

        [LoggerMessage(EventId = 5203, EventName = "SlowStatement", Level = LogLevel.Warning,
            Message = "Slow SQLite statement on {DataSource}: {ElapsedMs} ms (threshold {ThresholdMs} ms): {Sql}")]
        public static partial void SlowStatement(ILogger logger, string dataSource, double elapsedMs, double thresholdMs, string sql);
    }
}
