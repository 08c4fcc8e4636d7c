using System;
using Microsoft.Data.Sqlite;
using OmniSqlite.Native;

namespace OmniSqlite
{
    /// <summary>
    /// A write transaction begun by <see cref="WriteTransactionExtensions.BeginWriteScope"/> on the connection's native handle.
    /// <see cref="Commit"/> ends it; disposing it without a commit rolls it back. Microsoft.Data.Sqlite does not know of it,
    /// so commands with no transaction set run inside it (that is the point), and a <c>BeginTransaction</c> inside it fails
    /// as SQLite refuses a nested BEGIN. Dispose it before closing the connection (a <c>using</c> inside the connection's):
    /// Microsoft.Data.Sqlite rolls back only the transactions it began, so a pooled connection closed with this one open
    /// could hand it on.
    /// </summary>
    public sealed class SqliteWriteScope : IDisposable
    {
        private SqliteConnection? _connection;

        internal SqliteWriteScope(SqliteConnection connection)
        {
            _connection = connection;
        }

        /// <summary>The connection the transaction runs on.</summary>
        public SqliteConnection Connection => _connection ?? throw Ended();

        /// <summary>Commits. When COMMIT fails (SQLITE_BUSY from a reader in the way is possible) the transaction stays open and Dispose rolls it back.</summary>
        public void Commit()
        {
            var connection = _connection ?? throw Ended();
            NativeWriteTransaction.Commit(connection);
            _connection = null;
        }

        /// <summary>Rolls back what the transaction wrote.</summary>
        public void Rollback()
        {
            var connection = _connection ?? throw Ended();
            _connection = null;
            NativeWriteTransaction.Rollback(connection);
        }

        /// <summary>Rolls back unless <see cref="Commit"/> or <see cref="Rollback"/> ran.</summary>
        public void Dispose()
        {
            if (_connection != null) Rollback();
        }

        private static InvalidOperationException Ended()
            => new("The write scope has already been committed or rolled back: begin a new one with connection.BeginWriteScope().");
    }
}
