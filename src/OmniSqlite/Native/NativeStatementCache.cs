using System;
using System.Runtime.CompilerServices;
using SQLitePCL;

namespace OmniSqlite.Native
{
    /// <summary>
    /// The prepared statements of one native connection (<c>SqliteConnection.Handle</c>), one slot per <see cref="NativeSql"/>.
    /// It hangs on the handle itself (SQLitePCLRaw's <c>GetOrCreateExtra</c>), so it lives exactly as long as the native
    /// connection: pooled <c>SqliteConnection</c>s that reopen the same handle find their statements prepared, and when the
    /// pool closes the handle SQLitePCLRaw disposes the cache first, which finalizes every statement before
    /// <c>sqlite3_close_v2</c> (no zombie connection, no leaked statement).
    /// </summary>
    internal sealed class NativeStatementCache : IDisposable
    {
        /// <summary>Handles whose extra slot another library took: the cache lives beside them (finalized with the handle's statements by GC).</summary>
        private static readonly ConditionalWeakTable<sqlite3, NativeStatementCache> s_beside = new ConditionalWeakTable<sqlite3, NativeStatementCache>();
        private static readonly Func<IDisposable> s_create = () => new NativeStatementCache();

        private NativeStatement?[] _statements = new NativeStatement?[16];
        private bool _disposed;

        public static NativeStatementCache For(sqlite3 db)
        {
            if (db.GetOrCreateExtra(s_create) is NativeStatementCache cache) return cache;
            return s_beside.GetValue(db, _ => new NativeStatementCache());
        }

        /// <summary>The cached statement for <paramref name="sql"/>, or null when none is prepared yet.</summary>
        public NativeStatement? Get(NativeSql sql)
        {
            var statements = _statements;
            return sql.Id < statements.Length ? statements[sql.Id] : null;
        }

        /// <summary>Keeps a prepared statement; returns false when the cache is closed (the caller then owns and finalizes it).</summary>
        public bool Add(NativeSql sql, NativeStatement statement)
        {
            if (_disposed) return false;
            if (sql.Id >= _statements.Length)
            {
                var grown = new NativeStatement?[Math.Max(sql.Id + 1, _statements.Length * 2)];
                Array.Copy(_statements, grown, _statements.Length);
                _statements = grown;
            }
            _statements[sql.Id] = statement;
            return true;
        }

        /// <summary>The number of statements prepared and kept (for tests and diagnostics).</summary>
        public int Count
        {
            get
            {
                int n = 0;
                foreach (var s in _statements) if (s != null) n++;
                return n;
            }
        }

        /// <summary>Finalizes every statement; runs when the native connection closes.</summary>
        public void Dispose()
        {
            _disposed = true;
            var statements = _statements;
            _statements = Array.Empty<NativeStatement?>();
            foreach (var s in statements) s?.FinalizeStatement();
        }
    }
}
