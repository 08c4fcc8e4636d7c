using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO;

namespace OmniSqlite
{
    /// <summary>
    /// OmniSqlite's traces and metrics, with System.Diagnostics only: an <see cref="ActivitySource"/> and a <see cref="Meter"/>,
    /// both named <c>OmniSqlite</c> (<see cref="Name"/>). With the OpenTelemetry SDK: <c>.AddSource("OmniSqlite")</c> and
    /// <c>.AddMeter("OmniSqlite")</c>. Nothing is measured or allocated while no listener is attached.
    /// Attribute names follow the OpenTelemetry database semantic conventions (docs/telemetry.md lists every instrument).
    /// </summary>
    public static class OmniSqliteTelemetry
    {
        /// <summary>The name of the activity source and of the meter.</summary>
        public const string Name = "OmniSqlite";

        internal const string DbSystemName = "db.system.name";
        internal const string DbOperationName = "db.operation.name";
        internal const string DbCollectionName = "db.collection.name";
        internal const string DbQueryText = "db.query.text";
        internal const string DbNamespace = "db.namespace";
        internal const string ErrorType = "error.type";
        internal const string Sqlite = "sqlite";

        private static readonly string Version = typeof(OmniSqliteTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

        /// <summary>One span per generated repository or [Query] method call.</summary>
        public static ActivitySource ActivitySource { get; } = new ActivitySource(Name, Version);

        /// <summary>Operation duration, backup duration and size, WAL size, checkpoints and busy retries.</summary>
        public static Meter Meter { get; } = new Meter(Name, Version);

        /// <summary><c>db.client.operation.duration</c> (s): one measurement per generated repository or [Query] call.</summary>
        internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
            "db.client.operation.duration", "s", "Duration of OmniSqlite repository and query method calls.");

        /// <summary><c>omnisqlite.backup.duration</c> (s).</summary>
        internal static readonly Histogram<double> BackupDuration = Meter.CreateHistogram<double>(
            "omnisqlite.backup.duration", "s", "Duration of a backup (copy, compress, verify).");

        /// <summary><c>omnisqlite.backup.size</c> (By): the size of the backup file written.</summary>
        internal static readonly Histogram<long> BackupSize = Meter.CreateHistogram<long>(
            "omnisqlite.backup.size", "By", "Size of the backup file written.");

        /// <summary><c>omnisqlite.checkpoints</c>: WAL checkpoints run through OmniSqlite.</summary>
        internal static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>(
            "omnisqlite.checkpoints", "{checkpoint}", "WAL checkpoints run through OmniSqlite (Checkpoint and backups).");

        /// <summary><c>omnisqlite.busy.retries</c>: waits for the write lock in BeginWriteTransaction.</summary>
        internal static readonly Counter<long> BusyRetries = Meter.CreateCounter<long>(
            "omnisqlite.busy.retries", "{retry}", "Retries of BEGIN IMMEDIATE while another connection held the write lock.");

        private static readonly object WalFilesLock = new object();
        private static readonly HashSet<string> WalFiles = new HashSet<string>(StringComparer.Ordinal);

        static OmniSqliteTelemetry()
        {
            Meter.CreateObservableGauge("omnisqlite.wal.size", ObserveWalSizes, "By",
                "Size of the -wal file of each database opened through a SqliteProfile in this process.");
        }

        /// <summary>Remembers a database file whose WAL size the <c>omnisqlite.wal.size</c> gauge reports (called once per file by the profile).</summary>
        internal static void TrackWal(string databasePath)
        {
            lock (WalFilesLock) WalFiles.Add(databasePath);
        }

        private static IEnumerable<Measurement<long>> ObserveWalSizes()
        {
            string[] files;
            lock (WalFilesLock)
            {
                files = new string[WalFiles.Count];
                WalFiles.CopyTo(files);
            }
            var result = new List<Measurement<long>>(files.Length);
            foreach (var file in files)
            {
                long size;
                try
                {
                    var wal = new FileInfo(file + "-wal");
                    size = wal.Exists ? wal.Length : 0;
                }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                result.Add(new Measurement<long>(size, new KeyValuePair<string, object?>(DbSystemName, Sqlite), new KeyValuePair<string, object?>(DbNamespace, file)));
            }
            return result;
        }

        internal static void RecordBusyRetry()
        {
            if (BusyRetries.Enabled) BusyRetries.Add(1, new KeyValuePair<string, object?>(DbSystemName, Sqlite));
        }

        internal static void RecordCheckpoint(string mode)
        {
            if (Checkpoints.Enabled) Checkpoints.Add(1, new KeyValuePair<string, object?>(DbSystemName, Sqlite), new KeyValuePair<string, object?>("omnisqlite.checkpoint.mode", mode));
        }

        internal static void RecordBackup(TimeSpan duration, long bytes)
        {
            var system = new KeyValuePair<string, object?>(DbSystemName, Sqlite);
            if (BackupDuration.Enabled) BackupDuration.Record(duration.TotalSeconds, system);
            if (BackupSize.Enabled) BackupSize.Record(bytes, system);
        }
    }
}
