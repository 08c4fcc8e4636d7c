using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using OmniSqlite.Internal;
using OmniSqlite.Native;
using SQLitePCL;

namespace OmniSqlite
{
    /// <summary>Write transactions that take the write lock up front, with a bounded wait for it.</summary>
    public static class WriteTransactionExtensions
    {
        private const int SqliteBusy = 5, SqliteLocked = 6;
        private const int ShortestSliceMilliseconds = 8, LongestPauseMilliseconds = 2;
#if NET6_0_OR_GREATER
        private static Random Jitter => Random.Shared;
#else
        [ThreadStatic] private static Random? _jitter;
        private static Random Jitter => _jitter ??= new Random(Guid.NewGuid().GetHashCode());
#endif

        /// <summary>
        /// Starts a transaction with <c>BEGIN IMMEDIATE</c>, waiting at most the profile's <see cref="SqliteProfile.WriteLockTimeout"/>
        /// (Production 5 s; on a connection with no profile, its <see cref="SqliteConnection.DefaultTimeout"/>) for another writer to finish.
        /// A deferred transaction that reads and then writes can fail with SQLITE_BUSY under WAL when another writer got in between;
        /// taking the lock first avoids that. Throws <see cref="SqliteWriteTimeoutException"/> when the lock does not come in time.
        /// </summary>
        public static SqliteTransaction BeginWriteTransaction(this SqliteConnection connection)
            => BeginWriteTransaction(connection, null);

        /// <summary>
        /// Like <see cref="BeginWriteTransaction(SqliteConnection)"/> with an explicit ceiling. The wait is a retry of BEGIN IMMEDIATE in
        /// jittered 8-16 ms slices: SQLite's own busy handler backs off to 100 ms pauses, so a writer that has waited long loses to
        /// newcomers and contention shows as seconds of latency, and Microsoft.Data.Sqlite adds 150 ms pauses up to 30 s on top.
        /// A fresh slice starts SQLite's back-off over at 1 ms.
        /// </summary>
        public static SqliteTransaction BeginWriteTransaction(this SqliteConnection connection, TimeSpan? timeout)
            => WithWriteLock(connection, timeout, static c => c.BeginTransaction(deferred: false));

        /// <summary>Async twin of <see cref="BeginWriteTransaction(SqliteConnection, TimeSpan?)"/>: the pauses between attempts do not block a thread.</summary>
        public static Task<SqliteTransaction> BeginWriteTransactionAsync(this SqliteConnection connection, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
            => WithWriteLockAsync(connection, timeout, static c => c.BeginTransaction(deferred: false), cancellationToken);

        /// <summary>
        /// Starts a write transaction (<c>BEGIN IMMEDIATE</c>, with the same bounded wait as <see cref="BeginWriteTransaction(SqliteConnection, TimeSpan?)"/>)
        /// on the connection's native handle, from statements prepared once per native connection: no <c>SqliteTransaction</c>,
        /// no ADO.NET command per BEGIN and COMMIT (Microsoft.Data.Sqlite prepares both again every time, about 5 us and 1.2 KB).
        /// Everything that runs on the connection until <see cref="SqliteWriteScope.Commit"/> is in it: generated repositories and
        /// [Query] methods with no transaction given, and ADO.NET commands with none set. Dispose it (a <c>using</c> inside the
        /// connection's) to roll back what was not committed; throws <see cref="InvalidOperationException"/> when the connection is
        /// already in a transaction.
        /// </summary>
        public static SqliteWriteScope BeginWriteScope(this SqliteConnection connection, TimeSpan? timeout = null)
        {
            BeginNative(connection, timeout);
            return new SqliteWriteScope(connection);
        }

        /// <summary>Async twin of <see cref="BeginWriteScope"/>: the pauses between attempts do not block a thread.</summary>
        public static async Task<SqliteWriteScope> BeginWriteScopeAsync(this SqliteConnection connection, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        {
            RequireNoTransaction(connection);
            await WithWriteLockAsync(connection, timeout, s_beginNative, cancellationToken).ConfigureAwait(false);
            return new SqliteWriteScope(connection);
        }

        private static readonly Func<SqliteConnection, bool> s_beginNative = static c =>
        {
            NativeWriteTransaction.RunBegin(c);
            return true;
        };

        /// <summary>BEGIN IMMEDIATE on the native handle with the bounded wait, and no object (<see cref="NativeWriteTransaction"/>).</summary>
        internal static void BeginNative(SqliteConnection connection, TimeSpan? timeout)
        {
            RequireNoTransaction(connection);
            WithWriteLock(connection, timeout, s_beginNative);
        }

        /// <summary>
        /// Runs <paramref name="begin"/> (one BEGIN IMMEDIATE) until it gets the write lock, in <see cref="WriteLockWait"/>'s
        /// slices up to the ceiling; the handle's busy_timeout and the connection's DefaultTimeout are put back either way.
        /// </summary>
        private static T WithWriteLock<T>(SqliteConnection connection, TimeSpan? timeout, Func<SqliteConnection, T> begin)
        {
            var wait = WriteLockWait.Start(connection, timeout);
            try
            {
                while (true)
                {
                    try
                    {
                        return begin(connection);
                    }
                    catch (SqliteException e) when (e.SqliteErrorCode == SqliteBusy || e.SqliteErrorCode == SqliteLocked)
                    {
                        Thread.Sleep(wait.NextPause(e));
                    }
                }
            }
            finally
            {
                wait.Restore();
            }
        }

        private static async Task<T> WithWriteLockAsync<T>(SqliteConnection connection, TimeSpan? timeout, Func<SqliteConnection, T> begin, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wait = WriteLockWait.Start(connection, timeout);
            try
            {
                while (true)
                {
                    try
                    {
                        return begin(connection);
                    }
                    catch (SqliteException e) when (e.SqliteErrorCode == SqliteBusy || e.SqliteErrorCode == SqliteLocked)
                    {
                        await Task.Delay(wait.NextPause(e), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                wait.Restore();
            }
        }

        private static void RequireNoTransaction(SqliteConnection connection)
        {
            Sql.RequireOpen(connection, "BeginWriteScope");
            if (raw.sqlite3_get_autocommit(connection.Handle) == 0)
                throw new InvalidOperationException($"BeginWriteScope: the connection to '{connection.DataSource}' is already in a transaction. Commit or dispose that transaction first, or run the work inside it.");
        }

        /// <summary>
        /// One wait for the write lock (a struct: the uncontended path allocates nothing). While it runs, the connection's
        /// DefaultTimeout is -1, so Microsoft.Data.Sqlite's 150 ms retry loop never runs, and the handle's busy_timeout is a jittered
        /// 8-16 ms slice: an attempt that does not get the lock within its slice comes back at once; then a 0-2 ms jittered pause
        /// and a fresh slice, up to the ceiling. On a connection without a profile the busy_timeout to restore is unknown until it
        /// is read, so its first attempt runs with its own busy_timeout and the read happens only when that attempt was busy.
        /// </summary>
        private struct WriteLockWait
        {
            private SqliteConnection _connection;
            private sqlite3 _handle;
            private int? _busyTimeoutMilliseconds;
            private int _defaultTimeout;
            private TimeSpan _ceiling;
            private long _started;
            private int _attempts;
            private bool _sliced;
            private bool _suspended;

            public static WriteLockWait Start(SqliteConnection connection, TimeSpan? timeout)
            {
                Sql.RequireOpen(connection, "BeginWriteTransaction");
                if (timeout is TimeSpan t && (t <= TimeSpan.Zero || t.TotalMilliseconds > int.MaxValue))
                    throw new ArgumentOutOfRangeException(nameof(timeout), t, "The write-lock timeout must be more than zero and at most int.MaxValue milliseconds.");
                var profile = ProfileApplier.AppliedProfile(connection);
                var wait = new WriteLockWait
                {
                    _connection = connection,
                    _handle = connection.Handle!,
                    _busyTimeoutMilliseconds = profile is null ? null : (int)profile.BusyTimeout.TotalMilliseconds,
                    _defaultTimeout = connection.DefaultTimeout,
                    _ceiling = timeout ?? profile?.WriteLockTimeout
                        ?? (connection.DefaultTimeout > 0 ? TimeSpan.FromSeconds(connection.DefaultTimeout) : TimeSpan.FromSeconds(30)),
                    _started = Stopwatch.GetTimestamp(),
                };
                connection.DefaultTimeout = -1;
                wait._suspended = true;
                if (wait._busyTimeoutMilliseconds is not null) wait.Slice(SliceMilliseconds());
                return wait;
            }

            private void Slice(int milliseconds)
            {
                raw.sqlite3_busy_timeout(_handle, milliseconds);
                _sliced = true;
            }

            /// <summary>Puts the handle's busy_timeout and the connection's DefaultTimeout back.</summary>
            public void Restore()
            {
                if (!_suspended) return;
                _suspended = false;
                if (_sliced && _busyTimeoutMilliseconds is int busy) raw.sqlite3_busy_timeout(_handle, busy);
                _connection.DefaultTimeout = _defaultTimeout;
            }

            /// <summary>The pause before the next attempt, or the timeout error once the ceiling is reached.</summary>
            public int NextPause(SqliteException busy)
            {
                _attempts++;
                var elapsed = TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - _started) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency)));
                if (elapsed >= _ceiling)
                {
                    Restore();
                    throw new SqliteWriteTimeoutException(_connection.DataSource ?? "", _ceiling, elapsed, _attempts, busy);
                }
                OmniSqliteTelemetry.RecordBusyRetry();
                _busyTimeoutMilliseconds ??= (int)Sql.ScalarLong(_connection, "PRAGMA busy_timeout");
                int left = (int)Math.Ceiling((_ceiling - elapsed).TotalMilliseconds);
                Slice(Math.Max(1, Math.Min(SliceMilliseconds(), left)));
                // A short jittered pause between slices spreads the waiters out instead of waking them together.
                return Math.Min(Jitter.Next(LongestPauseMilliseconds + 1), left);
            }

            private static int SliceMilliseconds() => ShortestSliceMilliseconds + Jitter.Next(ShortestSliceMilliseconds + 1);
        }
    }

    /// <summary>
    /// BeginWriteTransaction did not get the write lock within its ceiling. A <see cref="SqliteException"/> with error code 5
    /// (SQLITE_BUSY), so code that already handles busy errors handles this one too.
    /// </summary>
    public sealed class SqliteWriteTimeoutException : SqliteException
    {
        private const int SqliteBusy = 5;

        public SqliteWriteTimeoutException(string dataSource, TimeSpan timeout, TimeSpan waited, int attempts, Exception? innerException)
            : base(
                $"Could not start a write transaction on '{dataSource}' within {timeout.TotalMilliseconds:0} ms: another connection held the write lock " +
                $"for the whole wait ({attempts} attempts in {waited.TotalMilliseconds:0} ms). Nothing was written. SQLite allows one writer at a time: keep " +
                "write transactions short (no network calls inside them), or raise the ceiling with SqliteProfile.WithWriteLockTimeout(...) or " +
                "BeginWriteTransaction(timeout).", SqliteBusy, SqliteBusy)
        {
            DataSource = dataSource;
            Timeout = timeout;
            Attempts = attempts;
            _inner = innerException;
        }

        private readonly Exception? _inner;

        /// <summary>The database file.</summary>
        public string DataSource { get; }

        /// <summary>The ceiling that was reached.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>How many times BEGIN IMMEDIATE was tried.</summary>
        public int Attempts { get; }

        /// <summary>The last SQLITE_BUSY answer.</summary>
        public Exception? LastBusyError => _inner;
    }
}
