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
        public static Task OptimizeAsync(this SqliteConnection connection, int analysisLimit = 400, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Optimize(connection, analysisLimit);
            return Task.CompletedTask;
        }

        /// <summary>Runs ANALYZE on the whole database, or on one table or index when <paramref name="tableOrIndex"/> is given.</summary>
        public static void Analyze(this SqliteConnection connection, string? tableOrIndex = null)
        {
            Sql.RequireOpen(connection, "Analyze");
            if (tableOrIndex is null)
            {
                Sql.Execute(connection, "ANALYZE");
                return;
            }
            if (tableOrIndex.Trim().Length == 0) throw new ArgumentException("Name a table or an index, or pass null to analyze the whole database.", nameof(tableOrIndex));
            var exists = Sql.ScalarLong(connection, "SELECT count(*) FROM main.sqlite_schema WHERE type IN ('table', 'index') AND name = '" + tableOrIndex.Replace("'", "''") + "' COLLATE NOCASE");
            if (exists == 0) throw new ArgumentException($"There is no table or index named '{tableOrIndex}' in the main schema; nothing was analyzed.", nameof(tableOrIndex));
            Sql.Execute(connection, "ANALYZE \"" + tableOrIndex.Replace("\"", "\"\"") + "\"");
        }

        /// <summary>Async twin of <see cref="Analyze"/>.</summary>
        public static Task AnalyzeAsync(this SqliteConnection connection, string? tableOrIndex = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Analyze(connection, tableOrIndex);
            return Task.CompletedTask;
        }

        /// <summary>
        /// Runs <c>PRAGMA incremental_vacuum(pages)</c>: returns up to <paramref name="pages"/> free pages to the filesystem (0 = all of them)
        /// and answers how many the freelist shrank by. Needs auto_vacuum=INCREMENTAL (the Production profile on a new database);
        /// on any other database it throws, saying how to convert.
        /// </summary>
        public static long IncrementalVacuum(this SqliteConnection connection, int pages = 0)
        {
            Sql.RequireOpen(connection, "IncrementalVacuum");
            if (pages < 0) throw new ArgumentOutOfRangeException(nameof(pages), pages, "pages must be 0 (all free pages) or a positive number.");
            var mode = Sql.ScalarLong(connection, "PRAGMA auto_vacuum");
            if (mode != (long)SqliteAutoVacuum.Incremental)
                throw new InvalidOperationException(
                    $"IncrementalVacuum needs auto_vacuum=INCREMENTAL, and '{connection.DataSource}' has auto_vacuum={((SqliteAutoVacuum)mode).ToString().ToUpperInvariant()}. " +
                    "Create new databases with the Production profile, or convert this one in a maintenance window with 'PRAGMA auto_vacuum=INCREMENTAL; VACUUM;'. Nothing was changed.");
            var before = Sql.ScalarLong(connection, "PRAGMA freelist_count");
            using (var command = connection.CreateCommand())
            {
                // Each step of incremental_vacuum frees one page: read it to the end.
                command.CommandText = "PRAGMA incremental_vacuum(" + pages.ToString(CultureInfo.InvariantCulture) + ")";
                using var reader = command.ExecuteReader();
                while (reader.Read()) { }
            }
            var after = Sql.ScalarLong(connection, "PRAGMA freelist_count");
            return before - after;
        }

        /// <summary>Async twin of <see cref="IncrementalVacuum"/>.</summary>
        public static Task<long> IncrementalVacuumAsync(this SqliteConnection connection, int pages = 0, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(IncrementalVacuum(connection, pages));
        }

        /// <summary>Runs <c>PRAGMA wal_checkpoint(mode)</c> and returns what it reported.</summary>
        public static CheckpointResult Checkpoint(this SqliteConnection connection, SqliteCheckpointMode mode = SqliteCheckpointMode.Passive)
        {
            Sql.RequireOpen(connection, "Checkpoint");
            if (!Enum.IsDefined(typeof(SqliteCheckpointMode), mode))
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use Passive, Full, Restart or Truncate.");
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(" + mode.ToString().ToUpperInvariant() + ")";
            using var reader = command.ExecuteReader();
            if (!reader.Read()) throw new InvalidOperationException("PRAGMA wal_checkpoint returned no row.");
            return new CheckpointResult(mode, reader.GetInt64(0) != 0, reader.GetInt32(1), reader.GetInt32(2));
        }

        /// <summary>Async twin of <see cref="Checkpoint"/>.</summary>
        public static Task<CheckpointResult> CheckpointAsync(this SqliteConnection connection, SqliteCheckpointMode mode = SqliteCheckpointMode.Passive, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(Checkpoint(connection, mode));
        }

        /// <summary>Runs <c>PRAGMA integrity_check(maxProblems)</c>: a full check, including that every index matches its table.</summary>
        public static IntegrityCheckResult IntegrityCheck(this SqliteConnection connection, int maxProblems = 100) => Check(connection, "integrity_check", maxProblems);

        /// <summary>Runs <c>PRAGMA quick_check(maxProblems)</c>: like IntegrityCheck without comparing index contents, so much faster.</summary>
        public static IntegrityCheckResult QuickCheck(this SqliteConnection connection, int maxProblems = 100) => Check(connection, "quick_check", maxProblems);

        /// <summary>Async twin of <see cref="IntegrityCheck"/>.</summary>
        public static Task<IntegrityCheckResult> IntegrityCheckAsync(this SqliteConnection connection, int maxProblems = 100, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(IntegrityCheck(connection, maxProblems));
        }

        /// <summary>Async twin of <see cref="QuickCheck"/>.</summary>
        public static Task<IntegrityCheckResult> QuickCheckAsync(this SqliteConnection connection, int maxProblems = 100, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(QuickCheck(connection, maxProblems));
        }

        private static IntegrityCheckResult Check(SqliteConnection connection, string pragma, int maxProblems)
        {
            Sql.RequireOpen(connection, pragma == "quick_check" ? "QuickCheck" : "IntegrityCheck");
            if (maxProblems < 1) throw new ArgumentOutOfRangeException(nameof(maxProblems), maxProblems, "maxProblems must be at least 1.");
            var problems = new List<string>();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA " + pragma + "(" + maxProblems.ToString(CultureInfo.InvariantCulture) + ")";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var line = reader.IsDBNull(0) ? "" : reader.GetString(0);
                    if (line == "ok") continue;
                    problems.Add(line);
                }
            }
            return new IntegrityCheckResult(pragma == "quick_check", problems);
        }
    }
}
