using System.ComponentModel;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OmniSqlite.Native
{
    /// <summary>
    /// The write transaction of <see cref="WriteTransactionExtensions.BeginWriteScope"/> without its object, for generated code
    /// (the native <c>InsertMany</c> begins and ends one per call and allocates nothing for it): <c>BEGIN IMMEDIATE</c> with the
    /// bounded wait, <c>COMMIT</c> and <c>ROLLBACK</c>, each prepared once per native connection.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class NativeWriteTransaction
    {
        private static readonly NativeSql s_begin = new("BEGIN IMMEDIATE");
        private static readonly NativeSql s_commit = new("COMMIT");
        private static readonly NativeSql s_rollback = new("ROLLBACK");

        /// <summary>Begins the transaction (throws when the connection is already in one, or the write lock does not come in time); always true.</summary>
        public static bool Begin(SqliteConnection connection)
        {
            WriteTransactionExtensions.BeginNative(connection, null);
            return true;
        }

        public static void Commit(SqliteConnection connection) => Run(connection, s_commit);

        /// <summary>Rolls back when the connection is still in a transaction (SQLite may have rolled it back itself after an I/O error).</summary>
        public static void Rollback(SqliteConnection connection)
        {
            if (connection.State == System.Data.ConnectionState.Open && connection.Handle is { } handle && raw.sqlite3_get_autocommit(handle) == 0)
                Run(connection, s_rollback);
        }

        /// <summary>One attempt at BEGIN IMMEDIATE (the bounded wait around it is WriteTransactionExtensions').</summary>
        internal static void RunBegin(SqliteConnection connection) => Run(connection, s_begin);

        private static void Run(SqliteConnection connection, NativeSql sql)
        {
            using var statement = NativeStatement.Rent(connection, null, sql, default);
            statement.Execute();
        }
    }
}
