using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using Npgsql;

namespace OmniSqlite.PostgreSql;

/// <summary>
/// Used by generated static [Query] methods on an <see cref="NpgsqlConnection"/>: one prepared command per query method per
/// connection, created with its typed parameters on first use and reused. Held weakly by the connection, so the cache
/// never keeps a connection (or its command) alive.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PostgreSqlQueryCommands
{
    private readonly ConditionalWeakTable<NpgsqlConnection, NpgsqlCommand> _commands = new();
    private readonly ConditionalWeakTable<NpgsqlConnection, NpgsqlCommand>.CreateValueCallback _create;

    /// <param name="sql">The PostgreSQL statement (parameters as <c>@name</c>).</param>
    /// <param name="parameters">Makes the command's typed parameters, in the order the generated code sets them.</param>
    public PostgreSqlQueryCommands(string sql, Func<NpgsqlParameter[]> parameters)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(parameters);
        _create = connection =>
        {
            var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters());
            return command;
        };
    }

    /// <summary>The command for this connection, set to run in <paramref name="transaction"/> (null: autocommit).</summary>
    public NpgsqlCommand Get(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = _commands.GetValue(connection, _create);
        command.Transaction = transaction;
        // Prepared while the connection is open (again after a pooled reopen lands on another server connection).
        if (!command.IsPrepared && connection.State == System.Data.ConnectionState.Open) command.Prepare();
        return command;
    }
}
