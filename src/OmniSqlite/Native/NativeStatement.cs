using System;
using System.ComponentModel;
using System.Data;
using System.Diagnostics;
using System.Threading;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OmniSqlite.Native
{
    /// <summary>
    /// A statement of generated code, prepared once per native connection (<c>sqlite3_prepare_v3</c> with
    /// SQLITE_PREPARE_PERSISTENT) and kept in the connection's cache. Generated code rents it, binds typed values, steps
    /// and reads typed columns, then disposes it, which resets it and clears its bindings for the next use.
    /// <para>
    /// It runs on the connection's own handle, so it is inside whatever transaction the connection is in (the caller's
    /// <c>SqliteTransaction</c> included). Busy handling is Microsoft.Data.Sqlite's: SQLITE_BUSY or SQLITE_LOCKED on the
    /// first step resets the statement and retries every 150 ms until the connection's <c>DefaultTimeout</c> (seconds; 0:
    /// forever) has passed, on top of any <c>PRAGMA busy_timeout</c> the profile set. Errors are <see cref="SqliteException"/>s
    /// made by Microsoft.Data.Sqlite's own <c>ThrowExceptionForRC</c>, so codes and messages are the same. A cancellation
    /// token that fires calls <c>sqlite3_interrupt</c>.
    /// </para>
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed partial class NativeStatement : IDisposable
    {
        private const int RetryMilliseconds = 150;
        private static readonly Action<object?> s_interrupt = state => raw.sqlite3_interrupt((sqlite3)state!);

        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;
        /// <summary>SQLite's parameter index for each binding slot of the generated code (0: the name is not in the statement).</summary>
        private readonly int[] _indexes;
        private readonly bool _cached;
        private bool _inUse;
        private bool _stepped;
        private bool _finalized;
        private int _timeoutSeconds;
        private CancellationToken _cancellationToken;
        private CancellationTokenRegistration _registration;

        private NativeStatement(sqlite3 db, sqlite3_stmt stmt, int[] indexes, bool cached)
        {
            _db = db;
            _stmt = stmt;
            _indexes = indexes;
            _cached = cached;
        }

        /// <summary>
        /// The prepared statement for <paramref name="sql"/> on the connection's native handle, ready to bind. Dispose it
        /// when done. A statement still in use (a caller reading rows runs the same query again) gets a one-off twin.
        /// </summary>
        public static NativeStatement Rent(SqliteConnection connection, SqliteTransaction? transaction, NativeSql sql, CancellationToken cancellationToken)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            if (sql is null) throw new ArgumentNullException(nameof(sql));
            cancellationToken.ThrowIfCancellationRequested();
            var db = connection.State == ConnectionState.Open ? connection.Handle : null;
            if (db is null)
                throw new InvalidOperationException("The connection is not open: open it (connection.Open()) before calling generated data access methods.");
            if (transaction != null && transaction.Connection != connection)
                throw new InvalidOperationException("The transaction belongs to another connection, or is already committed, rolled back or disposed: begin it on the connection the statement runs on.");

            var cache = NativeStatementCache.For(db);
            var statement = cache.Get(sql);
            if (statement is null || statement._finalized)
            {
                statement = Prepare(db, sql, connection.DefaultTimeout, persistent: true);
                if (!cache.Add(sql, statement)) statement = new NativeStatement(db, statement._stmt, statement._indexes, cached: false);
            }
            else if (statement._inUse)
            {
                statement = Prepare(db, sql, connection.DefaultTimeout, persistent: false);
            }
            statement.Start(connection.DefaultTimeout, cancellationToken);
            return statement;
        }

        private static NativeStatement Prepare(sqlite3 db, NativeSql sql, int timeoutSeconds, bool persistent)
        {
            int rc;
            sqlite3_stmt stmt;
            string tail;
            long started = 0;
            // Microsoft.Data.Sqlite retries a busy prepare (a schema lock) the same way it retries a busy step.
            while (IsBusy(rc = raw.sqlite3_prepare_v3(db, sql.Sql, persistent ? (uint)raw.SQLITE_PREPARE_PERSISTENT : 0u, out stmt, out tail)))
            {
                stmt?.Dispose();
                if (started == 0) started = Stopwatch.GetTimestamp();
                else if (TimedOut(started, timeoutSeconds)) break;
                Thread.Sleep(RetryMilliseconds);
            }
            SqliteException.ThrowExceptionForRC(rc, db);
            if (stmt is null || stmt.IsInvalid)
                throw new InvalidOperationException("The generated statement is empty: " + sql.Sql);
            if (!OnlyCommentsLeft(db, tail))
            {
                stmt.Dispose();
                throw new InvalidOperationException("The statement holds more than one SQL statement, which the native path cannot run as one: split it into one [Query] method per statement, or keep the ADO.NET path with [assembly: OmniSqliteGeneration(DataPath = DataPath.AdoNet)]. SQL: " + sql.Sql);
            }
            var indexes = new int[sql.ParameterNames.Length];
            for (int i = 0; i < indexes.Length; i++) indexes[i] = raw.sqlite3_bind_parameter_index(stmt, sql.ParameterNames[i]);
            return new NativeStatement(db, stmt, indexes, cached: persistent);
        }

        /// <summary>True when the text after the first statement prepares to nothing (whitespace, semicolons, comments).</summary>
        private static bool OnlyCommentsLeft(sqlite3 db, string? tail)
        {
            if (tail is null) return true;
            var rest = tail.Trim().TrimStart(';').Trim();
            if (rest.Length == 0) return true;
            int rc = raw.sqlite3_prepare_v2(db, rest, out var next);
            try { return rc == raw.SQLITE_OK && (next is null || next.IsInvalid); }
            finally { next?.Dispose(); }
        }

        private void Start(int timeoutSeconds, CancellationToken cancellationToken)
        {
            _inUse = true;
            _stepped = false;
            _timeoutSeconds = timeoutSeconds;
            _cancellationToken = cancellationToken;
            if (cancellationToken.CanBeCanceled) _registration = cancellationToken.Register(s_interrupt, _db);
        }

        /// <summary>Steps once: true with a row to read, false when done. The first step retries while the database is busy.</summary>
        public bool Step()
        {
            _cancellationToken.ThrowIfCancellationRequested();
            int rc;
            if (_stepped) rc = raw.sqlite3_step(_stmt);
            else
            {
                _stepped = true;
                rc = FirstStep();
            }
            if (rc == raw.SQLITE_ROW) return true;
            if (rc == raw.SQLITE_DONE) return false;
            // Interrupted because the token fired: the caller asked for it, so it is a cancellation, not an error.
            if (rc == raw.SQLITE_INTERRUPT) _cancellationToken.ThrowIfCancellationRequested();
            SqliteException.ThrowExceptionForRC(rc, _db);
            return false;
        }

        /// <summary>Runs the statement to the end; the rows an INSERT, UPDATE or DELETE changed (-1 for a read-only statement).</summary>
        public int Execute()
        {
            while (Step()) { }
            return raw.sqlite3_stmt_readonly(_stmt) != 0 ? -1 : raw.sqlite3_changes(_db);
        }

        /// <summary>
        /// Runs an INSERT without RETURNING to the end and gives the new row's rowid (<c>sqlite3_last_insert_rowid</c>, which
        /// triggers do not change once they finish): the key of an INTEGER PRIMARY KEY table without RETURNING's extra row.
        /// False when no row was inserted (a trigger's RAISE(IGNORE)).
        /// </summary>
        public bool ExecuteInsert(out long rowid)
        {
            while (Step()) { }
            if (raw.sqlite3_changes(_db) < 1)
            {
                rowid = 0;
                return false;
            }
            rowid = raw.sqlite3_last_insert_rowid(_db);
            return true;
        }

        /// <summary>
        /// Makes the statement ready to run again while still rented, for one statement per row in a loop (InsertMany): the
        /// next binds replace every value, so the bindings are not cleared (Dispose clears them).
        /// </summary>
        public void Reset()
        {
            if (!_inUse || _finalized) return;
            _stepped = false;
            raw.sqlite3_reset(_stmt);
        }

        private int FirstStep()
        {
            int rc;
            long started = 0;
            while (IsBusy(rc = raw.sqlite3_step(_stmt)))
            {
                if (started == 0)
                {
                    // A negative timeout (BeginWriteTransaction's wait sets -1) retries nothing, as in Microsoft.Data.Sqlite.
                    if (_timeoutSeconds < 0) break;
                    started = Stopwatch.GetTimestamp();
                }
                else if (TimedOut(started, _timeoutSeconds)) break;
                raw.sqlite3_reset(_stmt);
                Thread.Sleep(RetryMilliseconds);
            }
            return rc;
        }

        private static bool IsBusy(int rc) => rc == raw.SQLITE_BUSY || rc == raw.SQLITE_LOCKED || rc == raw.SQLITE_LOCKED_SHAREDCACHE;

        private static bool TimedOut(long started, int timeoutSeconds)
            => timeoutSeconds != 0 && (Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency >= timeoutSeconds * 1000.0;

        /// <summary>Resets the statement and clears its bindings (a one-off twin is finalized); it is ready for the next renter.</summary>
        public void Dispose()
        {
            if (!_inUse) return;
            _inUse = false;
            // Stepped since the last reset (an InsertRow already reset it): one sqlite3_reset fewer per single-row insert.
            bool stepped = _stepped;
            _stepped = false;
            _registration.Dispose();
            _registration = default;
            _cancellationToken = default;
            if (!_cached)
            {
                FinalizeStatement();
                return;
            }
            if (_finalized) return;
            if (stepped) raw.sqlite3_reset(_stmt);
            raw.sqlite3_clear_bindings(_stmt);
        }

        internal void FinalizeStatement()
        {
            if (_finalized) return;
            _finalized = true;
            _stmt.Dispose();
        }
    }
}
