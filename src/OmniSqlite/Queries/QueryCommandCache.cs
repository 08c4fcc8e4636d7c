using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace OmniSqlite
{
    /// <summary>
    /// Used by generated [Query] code: one prepared command per query method per connection, created on first use and
    /// reused with its parameters. Held weakly by the connection, so a cache never keeps a connection (or its command) alive.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class QueryCommandCache
    {
        private readonly ConditionalWeakTable<SqliteConnection, SqliteCommand> _commands = new ConditionalWeakTable<SqliteConnection, SqliteCommand>();
        private readonly ConditionalWeakTable<SqliteConnection, SqliteCommand>.CreateValueCallback _create;

        /// <param name="sql">The statement.</param>
        /// <param name="parameterNames">The parameters as written in the SQL (<c>$id</c>), in the order the generated code sets them.</param>
        public QueryCommandCache(string sql, params string[] parameterNames)
        {
            if (sql is null) throw new ArgumentNullException(nameof(sql));
            if (parameterNames is null) throw new ArgumentNullException(nameof(parameterNames));
            _create = connection => Create(connection, sql, parameterNames);
        }

        /// <summary>The command for this connection, set to run in <paramref name="transaction"/> (null: autocommit).</summary>
        public SqliteCommand Get(SqliteConnection connection, SqliteTransaction? transaction)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            var command = _commands.GetValue(connection, _create);
            command.Transaction = transaction;
            return command;
        }

        /// <summary>A command with the SQL and one parameter per name (values are set per call).</summary>
        public static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameterNames)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            return command;
        }
    }
}
