using System;
using Microsoft.Data.Sqlite;

namespace OmniSqlite
{
    /// <summary>Write transactions that take the write lock up front.</summary>
    public static class WriteTransactionExtensions
    {
        /// <summary>
        /// Starts a transaction with <c>BEGIN IMMEDIATE</c>. A deferred transaction that reads and then writes
        /// can fail with SQLITE_BUSY under WAL when another writer got in between; taking the lock first lets
        /// busy_timeout wait for it instead.
        /// </summary>
        public static SqliteTransaction BeginWriteTransaction(this SqliteConnection connection)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            return connection.BeginTransaction(deferred: false);
        }
    }
}
