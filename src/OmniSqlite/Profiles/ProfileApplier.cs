using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OmniSqlite.Internal;
using SQLitePCL;

namespace OmniSqlite
{
    /// <summary>
    /// Applies a profile to a connection. What is checked when (docs/runtime.md, "What is checked when"):
    /// <list type="bullet">
    /// <item>per connection string and profile, once: the connection string, the folder, the file mode and the network-filesystem guard
    /// (<see cref="PrepareOpen"/>, cached after the first successful open);</item>
    /// <item>per database file and mount table, once: the filesystem lookup (<see cref="FileSystemChecks"/>);</item>
    /// <item>per native handle (the pooled <c>sqlite3</c>), once: every PRAGMA set and read back (<see cref="Apply"/>);</item>
    /// <item>per open of a pooled handle: busy_timeout set again (a C call) and foreign_keys read (<c>sqlite3_db_config</c>); a
    /// foreign_keys value that is not the profile's means other code changed the handle's PRAGMAs, and the whole profile is applied again.</item>
    /// </list>
    /// </summary>
    internal static class ProfileApplier
    {
        private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteCorrupt = 11, SqliteNotADatabase = 26;
        private const int SqliteDbConfigEnableForeignKeys = 1002;

        /// <summary>What was applied to one native handle. A handle serves one connection at a time, so no locking is needed.</summary>
        internal sealed class HandleState
        {
            public SqliteProfile? Profile;
            public ProfileReport? Report;
            public ILogger? Logger;
            public int Applications;
        }

        private static readonly ConditionalWeakTable<sqlite3, HandleState> Handles = new ConditionalWeakTable<sqlite3, HandleState>();
        private static readonly ConditionalWeakTable<sqlite3, HandleState>.CreateValueCallback NewHandleState = _ => new HandleState();
        private static readonly ConditionalWeakTable<SqliteProfile, ConcurrentDictionary<string, OpenTarget>> OpenTargets =
            new ConditionalWeakTable<SqliteProfile, ConcurrentDictionary<string, OpenTarget>>();
        private static readonly ConcurrentDictionary<string, bool> WarnedOnce = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private static int _fullApplications;

        /// <summary>How many times a profile was set and read back in full, in this process (for tests of the once-per-handle rule).</summary>
        internal static int FullApplications => Volatile.Read(ref _fullApplications);

        /// <summary>How many times a profile was applied in full to this open connection's native handle (for tests).</summary>
        internal static int ApplicationsOf(SqliteConnection connection)
        {
            var handle = connection.Handle;
            return handle is not null && Handles.TryGetValue(handle, out var state) ? state.Applications : 0;
        }

        /// <summary>The profile applied to this open connection's native handle, or null.</summary>
        internal static SqliteProfile? AppliedProfile(SqliteConnection connection)
        {
            var handle = connection.Handle;
            return handle is not null && Handles.TryGetValue(handle, out var state) ? state.Profile : null;
        }

        /// <summary>
        /// The per-open path of <c>Open</c>, <c>OpenAsync</c> and <c>ApplyProfile</c>: applies the profile in full when the handle is new,
        /// had another profile, or fails the cheap probe; otherwise hands back the report of the first application.
        /// </summary>
        public static ProfileReport EnsureApplied(SqliteConnection connection, SqliteProfile profile, ILogger? logger, FileSystemCheck? fileSystem)
        {
            var handle = connection.Handle;
            if (handle is null) return Apply(connection, profile, logger, fileSystem);
            var state = Handles.GetValue(handle, NewHandleState);
            var applied = state.Profile;
            var report = state.Report;
            if (applied is not null && report is not null && (ReferenceEquals(applied, profile) || applied.HasSameSettings(profile)) && StillApplied(handle, applied))
            {
                if (!ReferenceEquals(state.Logger, logger))
                {
                    if (profile.SlowQueryThreshold is TimeSpan threshold && logger is not null) SlowQueryLog.Attach(connection, logger, threshold);
                    state.Logger = logger;
                }
                return report;
            }

            report = Apply(connection, profile, logger, fileSystem);
            state.Applications++;
            state.Profile = profile;
            state.Report = report;
            state.Logger = logger;
            return report;
        }

        /// <summary>
        /// The cheap probe on a pooled handle. busy_timeout cannot be read without preparing a statement (about 8 µs, as long as the
        /// open itself), but setting it is one C call (about 50 ns), so it is simply set again. foreign_keys is read through
        /// sqlite3_db_config (about 1 µs): a value other than the profile's means other code re-set this handle's PRAGMAs.
        /// </summary>
        private static bool StillApplied(sqlite3 handle, SqliteProfile profile)
        {
            raw.sqlite3_busy_timeout(handle, (int)profile.BusyTimeout.TotalMilliseconds);
            if (raw.sqlite3_db_config(handle, SqliteDbConfigEnableForeignKeys, -1, out int foreignKeys) != 0) return false;
            return (foreignKeys != 0) == profile.ForeignKeys;
        }

        /// <summary><see cref="PrepareOpen"/> once per profile and connection string; later opens reuse its answer.</summary>
        public static OpenTarget PrepareOpenCached(SqliteProfile profile, string connectionString)
        {
            if (connectionString is null) throw new ArgumentNullException(nameof(connectionString));
            var targets = OpenTargets.GetValue(profile, _ => new ConcurrentDictionary<string, OpenTarget>(StringComparer.Ordinal));
            if (targets.TryGetValue(connectionString, out var target)) return target;
            return PrepareOpen(profile, connectionString);
        }

        /// <summary>Remembers a target after its first successful open (a failed open is checked again next time).</summary>
        public static void RememberOpened(SqliteProfile profile, string connectionString, OpenTarget target)
        {
            var targets = OpenTargets.GetValue(profile, _ => new ConcurrentDictionary<string, OpenTarget>(StringComparer.Ordinal));
            if (targets.Count < 1000) targets.TryAdd(connectionString, target);
        }

        internal sealed class OpenTarget
        {
            public OpenTarget(string? path, FileSystemCheck? fileSystem) { Path = path; FileSystem = fileSystem; }
            public string? Path { get; }
            public FileSystemCheck? FileSystem { get; }
        }

        /// <summary>Checks what can be checked before anything is opened or created: the connection string, the folder, the guard.</summary>
        public static OpenTarget PrepareOpen(SqliteProfile profile, string connectionString)
        {
            if (connectionString is null) throw new ArgumentNullException(nameof(connectionString));
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(connectionString);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is InvalidOperationException)
            {
                throw new ArgumentException($"The connection string is not valid: {e.Message}", nameof(connectionString), e);
            }

            var dataSource = builder.DataSource;
            if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory
                || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || dataSource.IndexOf('|') >= 0)
            {
                return new OpenTarget(null, null);
            }

            var full = Path.GetFullPath(dataSource);
            var folder = Path.GetDirectoryName(full);
            if (Directory.Exists(full))
                throw new SqliteProfileException($"Cannot open the database '{full}': that path is a folder. Point Data Source at a file inside it.", full);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
                throw new SqliteProfileException(
                    $"Cannot open the database '{full}': the folder '{folder}' does not exist. Create it first (Directory.CreateDirectory) or fix the Data Source path. Nothing was created.", full);
            if (!File.Exists(full) && (builder.Mode == SqliteOpenMode.ReadOnly || builder.Mode == SqliteOpenMode.ReadWrite))
                throw new SqliteProfileException(
                    $"Cannot open the database '{full}': the file does not exist, and Mode={builder.Mode} does not create it. Fix the path, or use Mode=ReadWriteCreate to create a new database.", full);

            FileSystemCheck? check = null;
            if (profile.JournalMode == SqliteJournalMode.Wal)
            {
                check = FileSystemChecks.Get(full, profile.MountTable);
                if (check.IsNetwork && profile.OnNetworkFileSystem == NetworkFileSystemPolicy.Refuse) throw Refusal(check);
            }
            return new OpenTarget(full, check);
        }

        public static void RequireNoTransaction(SqliteConnection connection)
        {
            Sql.RequireOpen(connection, "ApplyProfile");
            if (raw.sqlite3_get_autocommit(connection.Handle) == 0)
                throw new InvalidOperationException(
                    "ApplyProfile cannot run inside an open transaction: SQLite ignores foreign_keys and journal_mode changes there. Apply the profile right after Open, before BeginTransaction.");
        }

        public static ProfileReport Apply(SqliteConnection connection, SqliteProfile profile, ILogger? logger, FileSystemCheck? fileSystem)
        {
            RequireNoTransaction(connection);
            var dataSource = connection.DataSource ?? "";
            var isMemory = dataSource.Length == 0;
            var warnings = new List<string>();

            long pageCount;
            try
            {
                pageCount = Sql.ScalarLong(connection, "PRAGMA page_count");
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteNotADatabase || e.SqliteErrorCode == SqliteCorrupt)
            {
                throw new SqliteProfileException(
                    $"Cannot apply the profile: '{dataSource}' is not a SQLite database ({e.Message}). Check the Data Source path; nothing was written to the file.",
                    dataSource, innerException: e);
            }

            var journalMode = profile.JournalMode;
            string? journalNote = null;
            if (!isMemory && journalMode == SqliteJournalMode.Wal)
            {
                fileSystem ??= FileSystemChecks.Get(dataSource, profile.MountTable);
                if (fileSystem.IsNetwork)
                {
                    switch (profile.OnNetworkFileSystem)
                    {
                        case NetworkFileSystemPolicy.FallBackToDelete:
                            journalMode = SqliteJournalMode.Delete;
                            journalNote = NetworkFileSystemGuard.Describe(fileSystem) + "; WAL needs shared memory that network filesystems do not give, so journal_mode=DELETE is used instead (policy FallBackToDelete).";
                            warnings.Add(journalNote);
                            break;
                        case NetworkFileSystemPolicy.Allow:
                            warnings.Add(NetworkFileSystemGuard.Describe(fileSystem) + "; WAL is used anyway (policy Allow): only one host may ever open this file, or the database can be corrupted.");
                            break;
                        default:
                            throw Refusal(fileSystem);
                    }
                }
            }

            // Per-connection PRAGMAs first (busy_timeout before anything that may wait for a lock).
            foreach (var (name, value) in profile.RequestedValues())
            {
                if (name == PragmaNames.AutoVacuum || name == PragmaNames.JournalMode) continue;
                Set(connection, dataSource, name, value);
            }

            var results = new List<PragmaResult>();
            var autoVacuumRequested = (int)profile.AutoVacuum;
            var autoVacuumCurrent = Sql.ScalarLong(connection, "PRAGMA auto_vacuum");
            string? autoVacuumNote = null;
            if (autoVacuumCurrent != autoVacuumRequested)
            {
                if (pageCount == 0)
                {
                    Set(connection, dataSource, PragmaNames.AutoVacuum, autoVacuumRequested.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    autoVacuumNote =
                        $"auto_vacuum is {AutoVacuumName(autoVacuumCurrent)}, the profile asks for {AutoVacuumName(autoVacuumRequested)}; it can only change on a new, empty database. " +
                        $"To convert this one, run 'PRAGMA auto_vacuum={AutoVacuumName(autoVacuumRequested)}; VACUUM;' in a maintenance window (VACUUM rewrites the whole file, needs free disk space " +
                        "as large as the database and blocks writers). OmniSqlite never runs VACUUM for you.";
                    warnings.Add(autoVacuumNote);
                }
            }

            var requestedJournal = SqliteProfile.JournalModeText(journalMode);
            if (isMemory)
            {
                journalNote = "an in-memory database keeps its journal in memory; journal_mode is left as it is.";
            }
            else
            {
                object? reported;
                try
                {
                    reported = Sql.Scalar(connection, "PRAGMA journal_mode=" + requestedJournal);
                }
                catch (SqliteException e)
                {
                    throw new SqliteProfileException(
                        $"PRAGMA journal_mode={requestedJournal} did not take on '{dataSource}': {JournalFailureReason(e)} ({e.Message})",
                        dataSource, PragmaNames.JournalMode, requestedJournal, null, e);
                }
                var actual = Sql.Text(reported).ToLowerInvariant();
                if (actual != requestedJournal)
                {
                    throw new SqliteProfileException(
                        $"PRAGMA journal_mode={requestedJournal} did not take on '{dataSource}': SQLite kept journal_mode={actual}. " +
                        "SQLite keeps the old mode when the database is read-only, when another connection is open while leaving WAL, or when the filesystem cannot give WAL its shared memory.",
                        dataSource, PragmaNames.JournalMode, requestedJournal, actual);
                }
            }

            // Read every PRAGMA back.
            foreach (var (name, requested) in profile.RequestedValues())
            {
                var actualValue = Sql.Scalar(connection, "PRAGMA " + name);
                var actual = Sql.Text(actualValue);
                if (name == PragmaNames.JournalMode)
                {
                    actual = actual.ToLowerInvariant();
                    if (isMemory) results.Add(new PragmaResult(name, requestedJournal, actual, PragmaOutcome.Skipped, journalNote));
                    else if (journalMode != profile.JournalMode) results.Add(new PragmaResult(name, SqliteProfile.JournalModeText(profile.JournalMode), actual, PragmaOutcome.FellBack, journalNote));
                    else results.Add(new PragmaResult(name, requested, actual, PragmaOutcome.Applied, null));
                    continue;
                }
                if (name == PragmaNames.AutoVacuum && autoVacuumNote is not null)
                {
                    results.Add(new PragmaResult(name, requested, actual, PragmaOutcome.Skipped, autoVacuumNote));
                    continue;
                }
                if (name == PragmaNames.MmapSize && actualValue is null)
                {
                    results.Add(new PragmaResult(name, requested, actual, PragmaOutcome.Skipped, "this database has no file to map (in-memory or temporary)."));
                    continue;
                }
                if (actual != requested)
                {
                    throw new SqliteProfileException(
                        $"PRAGMA {name}={requested} did not take on '{(isMemory ? "(in-memory)" : dataSource)}': SQLite reports {name}={actual}. {MismatchHint(name)}",
                        dataSource, name, requested, actual);
                }
                results.Add(new PragmaResult(name, requested, actual, PragmaOutcome.Applied, null));
            }

            if (profile.SlowQueryThreshold is TimeSpan threshold && logger is not null) SlowQueryLog.Attach(connection, logger, threshold);
            else SlowQueryLog.Detach(connection);

            var report = new ProfileReport(dataSource, isMemory, pageCount == 0, fileSystem, results, warnings);
            Interlocked.Increment(ref _fullApplications);
            if (!isMemory) OmniSqliteTelemetry.TrackWal(dataSource);
            if (logger is not null)
            {
                // Each distinct warning once per database per process: a pool of handles, or Pooling=False, must not repeat it per open.
                foreach (var warning in warnings)
                {
                    if (WarnedOnce.TryAdd(dataSource + "\n" + warning, true)) Log.ProfileWarning(logger, dataSource, warning);
                }
                Log.ProfileApplied(logger, report);
            }
            return report;
        }

        /// <summary>Re-applies the profile whenever this connection object is opened again (it may get another pooled handle).</summary>
        public static void KeepAppliedOnReopen(SqliteConnection connection, SqliteProfile profile, ILogger? logger, FileSystemCheck? fileSystem)
        {
            connection.StateChange += (sender, e) =>
            {
                if (e.CurrentState == ConnectionState.Open && e.OriginalState != ConnectionState.Open && sender is SqliteConnection c)
                    EnsureApplied(c, profile, logger, fileSystem);
            };
        }

        private static void Set(SqliteConnection connection, string dataSource, string name, string value)
        {
            try
            {
                Sql.Execute(connection, "PRAGMA " + name + "=" + value);
            }
            catch (SqliteException e)
            {
                throw new SqliteProfileException($"PRAGMA {name}={value} failed on '{dataSource}': {e.Message}", dataSource, name, value, null, e);
            }
        }

        internal static NetworkFileSystemException Refusal(FileSystemCheck check) => new NetworkFileSystemException(
            NetworkFileSystemGuard.Describe(check) + ". SQLite's WAL mode needs shared memory and byte-range locks that network filesystems do not give " +
            "across hosts, so readers can see torn pages and the database can be corrupted. Move the database to a local disk (a local volume in a container). " +
            "To open it anyway, use SqliteProfile.Production.WithNetworkFileSystemPolicy(NetworkFileSystemPolicy.FallBackToDelete) for journal_mode=DELETE " +
            "(safe when the share's locking works), or WithJournalMode(SqliteJournalMode.Delete). Nothing was opened or changed.", check);

        private static string JournalFailureReason(SqliteException e) => e.SqliteErrorCode switch
        {
            SqliteReadOnly => "the database is read-only (Mode=ReadOnly, file or folder permissions, or a read-only medium), and changing the journal mode writes to it. Open it read-write, or use a profile WithJournalMode(SqliteJournalMode.Delete) for read-only access",
            SqliteBusy => "another connection holds a lock on the database; close other connections or retry",
            SqliteLocked => "another connection holds a lock on the database; close other connections or retry",
            _ => "SQLite refused the change",
        };

        private static string MismatchHint(string name) => name switch
        {
            PragmaNames.ForeignKeys => "foreign_keys cannot change inside an open transaction; apply the profile before BeginTransaction.",
            PragmaNames.MmapSize => "The SQLite build caps mmap_size (SQLITE_MAX_MMAP_SIZE); ask for less.",
            PragmaNames.AutoVacuum => "auto_vacuum can only change on a new, empty database.",
            _ => "The SQLite build or the database refused the value.",
        };

        private static string AutoVacuumName(long value) => value switch
        {
            0 => "NONE",
            1 => "FULL",
            2 => "INCREMENTAL",
            _ => value.ToString(CultureInfo.InvariantCulture),
        };
    }
}
