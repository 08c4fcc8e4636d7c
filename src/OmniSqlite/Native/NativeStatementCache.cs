using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using SQLitePCL;

namespace OmniSqlite.Native
{
    /// <summary>
    /// The prepared statements of one native connection (<c>SqliteConnection.Handle</c>), one slot per <see cref="NativeSql"/>.
    /// Keyed weakly on the handle, so it lives as long as the native connection: pooled <c>SqliteConnection</c>s that reopen
    /// the same handle find their statements prepared.
    /// <para>
    /// When the native connection closes (the pool drops it, or a connection without pooling closes), its statements are
    /// finalized at the next native connection's first statement, which sweeps the caches of closed handles; until then
    /// SQLite keeps the closed connection as a zombie (<c>sqlite3_close_v2</c>), and the garbage collector finalizes what a
    /// sweep never reaches. (SQLitePCLRaw's one "extra" slot on the handle, disposed on close, is not usable: Microsoft.Data.Sqlite
    /// keeps its transaction hooks there.)
    /// </para>
    /// </summary>
    internal sealed class NativeStatementCache : IDisposable
    {
        private static readonly ConditionalWeakTable<sqlite3, NativeStatementCache> s_caches = new ConditionalWeakTable<sqlite3, NativeStatementCache>();
        /// <summary>Handles with a cache, for the sweep (weak: a dropped handle's cache goes with it).</summary>
        private static readonly List<WeakReference<sqlite3>> s_handles = new List<WeakReference<sqlite3>>();

        private NativeStatement?[] _statements = new NativeStatement?[16];
        private bool _disposed;

        public static NativeStatementCache For(sqlite3 db)
        {
            if (s_caches.TryGetValue(db, out var cache)) return cache;
            return Create(db);
        }

        private static NativeStatementCache Create(sqlite3 db)
        {
            lock (s_handles)
            {
                if (s_caches.TryGetValue(db, out var existing)) return existing;
                Sweep();
                var cache = new NativeStatementCache();
                s_caches.Add(db, cache);
                s_handles.Add(new WeakReference<sqlite3>(db));
                return cache;
            }
        }

        /// <summary>Finalizes the statements of native connections that have closed since the last sweep.</summary>
        internal static void Sweep()
        {
            lock (s_handles)
            {
                for (int i = s_handles.Count - 1; i >= 0; i--)
                {
                    if (s_handles[i].TryGetTarget(out var db) && !db.IsClosed) continue;
                    if (db != null && s_caches.TryGetValue(db, out var cache))
                    {
                        cache.Dispose();
                        s_caches.Remove(db);
                    }
                    s_handles.RemoveAt(i);
                }
            }
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
