using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OmniSqlite.Internal;

namespace OmniSqlite
{
    /// <summary>What <c>PRAGMA wal_checkpoint</c> reported.</summary>
    public sealed class CheckpointResult
    {
        public CheckpointResult(SqliteCheckpointMode mode, bool busy, int walPages, int checkpointedPages)
        {
            Mode = mode;
            Busy = busy;
            WalPages = walPages;
            CheckpointedPages = checkpointedPages;
        }

        public SqliteCheckpointMode Mode { get; }
        /// <summary>True when a FULL, RESTART or TRUNCATE checkpoint could not finish because a reader or writer was in the way.</summary>
        public bool Busy { get; }
        /// <summary>Frames in the WAL file; -1 when the database is not in WAL mode.</summary>
        public int WalPages { get; }
        /// <summary>Frames copied back into the database file; -1 when the database is not in WAL mode.</summary>
        public int CheckpointedPages { get; }
        /// <summary>True when the database is in WAL mode (otherwise a checkpoint does nothing).</summary>
        public bool IsWal => WalPages >= 0;
        /// <summary>True when every frame in the WAL was copied back.</summary>
        public bool IsComplete => !Busy && WalPages == CheckpointedPages;

        public override string ToString() => IsWal
            ? $"checkpoint {Mode.ToString().ToUpperInvariant()}: {CheckpointedPages} of {WalPages} WAL pages copied{(Busy ? ", busy" : "")}"
            : $"checkpoint {Mode.ToString().ToUpperInvariant()}: the database is not in WAL mode";
    }

    /// <summary>What <c>PRAGMA integrity_check</c> or <c>quick_check</c> found.</summary>
    public sealed class IntegrityCheckResult
    {
        public IntegrityCheckResult(bool quick, IReadOnlyList<string> problems)
        {
            IsQuick = quick;
            Problems = problems ?? throw new ArgumentNullException(nameof(problems));
        }

        /// <summary>True for quick_check (no index content verification).</summary>
        public bool IsQuick { get; }
        /// <summary>The problems SQLite reported, one a line (empty when the database is fine).</summary>
        public IReadOnlyList<string> Problems { get; }
        public bool IsOk => Problems.Count == 0;

        public override string ToString() => IsOk
            ? (IsQuick ? "quick_check: ok" : "integrity_check: ok")
            : (IsQuick ? "quick_check" : "integrity_check") + $": {Problems.Count} problem(s):\n  " + string.Join("\n  ", Problems);
    }

    /// <summary>Routine maintenance: <c>PRAGMA optimize</c>, ANALYZE, incremental vacuum, checkpoints and integrity checks.</summary>
    public static class MaintenanceExtensions
    {
        /// <summary>
        /// Runs <c>PRAGMA optimize</c> (refreshes planner statistics where they are stale) with <c>analysis_limit</c> set to
        /// <paramref name="analysisLimit"/> rows per index for the run (0 means no limit), then restores the previous limit.
        /// Cheap enough to run before closing a long-lived connection or every few hours.
        /// </summary>
        public static void Optimize(this SqliteConnection connection, int analysisLimit = 400)
        {
            Sql.RequireOpen(connection, "Optimize");
            if (analysisLimit < 0) throw new ArgumentOutOfRangeException(nameof(analysisLimit), analysisLimit, "analysisLimit must be 0 (no limit) or a positive number of rows.");
            var previous = Sql.ScalarLong(connection, "PRAGMA analysis_limit");
            Sql.Execute(connection, "PRAGMA analysis_limit=" + analysisLimit.ToString(CultureInfo.InvariantCulture));
            try
            {
                Sql.Execute(connection, "PRAGMA optimize");
            }
            finally
            {
                Sql.Execute(connection, "PRAGMA analysis_limit=" + previous.ToString(CultureInfo.InvariantCulture));
            }
        }

        /// <summary>Async twin of <see cref="Optimize"/>.</summary>
        public static async Task OptimizeAsync(this SqliteConnection connection, int analysisLimit = 400, CancellationToken cancellationToken = default)
        {
            Sql.RequireOpen(connection, "Optimize");
            if (analysisLimit < 0) throw new ArgumentOutOfRangeException(nameof(analysisLimit), analysisLimit, "analysisLimit must be 0 (no limit) or a positive number of rows.");
            var previous = await Sql.ScalarLongAsync(connection, "PRAGMA analysis_limit", cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, "PRAGMA analysis_limit=" + analysisLimit.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            try
            {
                await Sql.ExecuteAsync(connection, "PRAGMA optimize", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Restored even when cancelled: the limit belongs to the (pooled) connection, not to this call.
                Sql.Execute(connection, "PRAGMA analysis_limit=" + previous.ToString(CultureInfo.InvariantCulture));
            }
        }

        /// <summary>Runs ANALYZE on the whole database, or on one table or index when <paramref name="tableOrIndex"/> is given.</summary>
        public static void Analyze(this SqliteConnection connection, string? tableOrIndex = null)
        {
            Sql.RequireOpen(connection, "Analyze");
            Sql.Execute(connection, AnalyzeSql(connection, tableOrIndex));
        }

        /// <summary>Async twin of <see cref="Analyze"/>.</summary>
        public static Task AnalyzeAsync(this SqliteConnection connection, string? tableOrIndex = null, CancellationToken cancellationToken = default)
        {
            Sql.RequireOpen(connection, "Analyze");
            return Sql.ExecuteAsync(connection, AnalyzeSql(connection, tableOrIndex), cancellationToken);
        }

        /// <summary>The ANALYZE statement for the whole database or one existing table or index (checked first, so a typo analyzes nothing).</summary>
        private static string AnalyzeSql(SqliteConnection connection, string? tableOrIndex)
        {
            if (tableOrIndex is null) return "ANALYZE";
            if (tableOrIndex.Trim().Length == 0) throw new ArgumentException("Name a table or an index, or pass null to analyze the whole database.", nameof(tableOrIndex));
            var exists = Sql.ScalarLong(connection, "SELECT count(*) FROM main.sqlite_schema WHERE type IN ('table', 'index') AND name = '" + tableOrIndex.Replace("'", "''") + "' COLLATE NOCASE");
            if (exists == 0) throw new ArgumentException($"There is no table or index named '{tableOrIndex}' in the main schema; nothing was analyzed.", nameof(tableOrIndex));
            return "ANALYZE \"" + tableOrIndex.Replace("\"", "\"\"") + "\"";
        }

        /// <summary>
        /// Runs <c>PRAGMA incremental_vacuum(pages)</c>: returns up to <paramref name="pages"/> free pages to the filesystem (0 = all of them)
        /// and answers how many the freelist shrank by. Needs auto_vacuum=INCREMENTAL (the Production profile on a new database);
        /// on any other database it throws, saying how to convert.
        /// </summary>
        public static long IncrementalVacuum(this SqliteConnection connection, int pages = 0)
        {
            var before = FreelistBeforeIncrementalVacuum(connection, pages);
            using (var command = connection.CreateCommand())
            {
                // Each step of incremental_vacuum frees one page: read it to the end.
                command.CommandText = "PRAGMA incremental_vacuum(" + pages.ToString(CultureInfo.InvariantCulture) + ")";
                using var reader = command.ExecuteReader();
                while (reader.Read()) { }
            }
            return before - Sql.ScalarLong(connection, "PRAGMA freelist_count");
        }

        /// <summary>Async twin of <see cref="IncrementalVacuum"/>; cancellation interrupts the vacuum between pages.</summary>
        public static async Task<long> IncrementalVacuumAsync(this SqliteConnection connection, int pages = 0, CancellationToken cancellationToken = default)
        {
            var before = FreelistBeforeIncrementalVacuum(connection, pages);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA incremental_vacuum(" + pages.ToString(CultureInfo.InvariantCulture) + ")";
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) { }
            }
            return before - Sql.ScalarLong(connection, "PRAGMA freelist_count");
        }

        private static long FreelistBeforeIncrementalVacuum(SqliteConnection connection, int pages)
        {
            Sql.RequireOpen(connection, "IncrementalVacuum");
            if (pages < 0) throw new ArgumentOutOfRangeException(nameof(pages), pages, "pages must be 0 (all free pages) or a positive number.");
            var mode = Sql.ScalarLong(connection, "PRAGMA auto_vacuum");
            if (mode != (long)SqliteAutoVacuum.Incremental)
                throw new InvalidOperationException(
                    $"IncrementalVacuum needs auto_vacuum=INCREMENTAL, and '{connection.DataSource}' has auto_vacuum={((SqliteAutoVacuum)mode).ToString().ToUpperInvariant()}. " +
                    "Create new databases with the Production profile, or convert this one in a maintenance window with 'PRAGMA auto_vacuum=INCREMENTAL; VACUUM;'. Nothing was changed.");
            return Sql.ScalarLong(connection, "PRAGMA freelist_count");
        }

        /// <summary>Runs <c>PRAGMA wal_checkpoint(mode)</c> and returns what it reported.</summary>
        public static CheckpointResult Checkpoint(this SqliteConnection connection, SqliteCheckpointMode mode = SqliteCheckpointMode.Passive)
        {
            using var command = CheckpointCommand(connection, mode);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new InvalidOperationException("PRAGMA wal_checkpoint returned no row.");
            var result = new CheckpointResult(mode, reader.GetInt64(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
            OmniSqliteTelemetry.RecordCheckpoint(mode.ToString().ToLowerInvariant());
            return result;
        }

        /// <summary>Async twin of <see cref="Checkpoint"/>.</summary>
        public static async Task<CheckpointResult> CheckpointAsync(this SqliteConnection connection, SqliteCheckpointMode mode = SqliteCheckpointMode.Passive, CancellationToken cancellationToken = default)
        {
            using var command = CheckpointCommand(connection, mode);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) throw new InvalidOperationException("PRAGMA wal_checkpoint returned no row.");
            return new CheckpointResult(mode, reader.GetInt64(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
        }

        private static SqliteCommand CheckpointCommand(SqliteConnection connection, SqliteCheckpointMode mode)
        {
            Sql.RequireOpen(connection, "Checkpoint");
            if (!Enum.IsDefined(typeof(SqliteCheckpointMode), mode))
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use Passive, Full, Restart or Truncate.");
            var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(" + mode.ToString().ToUpperInvariant() + ")";
            return command;
        }

        /// <summary>Runs <c>PRAGMA integrity_check(maxProblems)</c>: a full check, including that every index matches its table.</summary>
        public static IntegrityCheckResult IntegrityCheck(this SqliteConnection connection, int maxProblems = 100) => Check(connection, "integrity_check", maxProblems);

        /// <summary>Runs <c>PRAGMA quick_check(maxProblems)</c>: like IntegrityCheck without comparing index contents, so much faster.</summary>
        public static IntegrityCheckResult QuickCheck(this SqliteConnection connection, int maxProblems = 100) => Check(connection, "quick_check", maxProblems);

        /// <summary>Async twin of <see cref="IntegrityCheck"/>.</summary>
        public static Task<IntegrityCheckResult> IntegrityCheckAsync(this SqliteConnection connection, int maxProblems = 100, CancellationToken cancellationToken = default)
            => CheckAsync(connection, "integrity_check", maxProblems, cancellationToken);

        /// <summary>Async twin of <see cref="QuickCheck"/>.</summary>
        public static Task<IntegrityCheckResult> QuickCheckAsync(this SqliteConnection connection, int maxProblems = 100, CancellationToken cancellationToken = default)
            => CheckAsync(connection, "quick_check", maxProblems, cancellationToken);

        private static IntegrityCheckResult Check(SqliteConnection connection, string pragma, int maxProblems)
        {
            var problems = new List<string>();
            using var command = CheckCommand(connection, pragma, maxProblems);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) AddProblem(problems, reader);
            }
            return new IntegrityCheckResult(pragma == "quick_check", problems);
        }

        /// <summary>The async check: cancellation interrupts SQLite (sqlite3_interrupt), which matters on a large database.</summary>
        private static async Task<IntegrityCheckResult> CheckAsync(SqliteConnection connection, string pragma, int maxProblems, CancellationToken cancellationToken)
        {
            var problems = new List<string>();
            using var command = CheckCommand(connection, pragma, maxProblems);
            using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) AddProblem(problems, reader);
            }
            return new IntegrityCheckResult(pragma == "quick_check", problems);
        }

        private static SqliteCommand CheckCommand(SqliteConnection connection, string pragma, int maxProblems)
        {
            Sql.RequireOpen(connection, pragma == "quick_check" ? "QuickCheck" : "IntegrityCheck");
            if (maxProblems < 1) throw new ArgumentOutOfRangeException(nameof(maxProblems), maxProblems, "maxProblems must be at least 1.");
            var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + pragma + "(" + maxProblems.ToString(CultureInfo.InvariantCulture) + ")";
            return command;
        }

        private static void AddProblem(List<string> problems, SqliteDataReader reader)
        {
            var line = reader.IsDBNull(0) ? "" : reader.GetString(0);
            if (line != "ok") problems.Add(line);
        }
    }
}
