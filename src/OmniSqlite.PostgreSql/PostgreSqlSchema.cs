using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace OmniSqlite.PostgreSql;

/// <summary>One table as the generated <c>OmniSqliteSchema.PostgreSqlTables</c> lists it: its name, CREATE TABLE and CREATE INDEX statements.</summary>
public sealed class PostgreSqlTableDefinition
{
    public PostgreSqlTableDefinition(string name, string createTable, IReadOnlyList<string> createIndexes)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        CreateTable = createTable ?? throw new ArgumentNullException(nameof(createTable));
        CreateIndexes = createIndexes ?? throw new ArgumentNullException(nameof(createIndexes));
    }

    /// <summary>The table's name (unquoted).</summary>
    public string Name { get; }

    /// <summary><c>CREATE TABLE IF NOT EXISTS ...</c>.</summary>
    public string CreateTable { get; }

    /// <summary><c>CREATE [UNIQUE] INDEX IF NOT EXISTS ...</c>, one statement each.</summary>
    public IReadOnlyList<string> CreateIndexes { get; }
}

/// <summary>Creates the generated schema on PostgreSQL (what <c>OmniSqliteSchema.EnsureCreated(NpgsqlConnection)</c> calls).</summary>
public static class PostgreSqlSchema
{
    // Any fixed number: two processes creating the schema at once take turns instead of racing on the catalog.
    private const long AdvisoryLock = 0x4F6D6E6953716C; // "OmniSql"

    /// <summary>
    /// Creates the missing tables and indexes (<c>IF NOT EXISTS</c>) in one transaction, parents first; returns the tables it
    /// created (empty when all existed). Existing tables are left as they are: columns are not added or changed.
    /// </summary>
    public static IReadOnlyList<string> EnsureCreated(NpgsqlConnection connection, IReadOnlyList<PostgreSqlTableDefinition> tables)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        var created = new List<string>();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(" + AdvisoryLock + ")");
        foreach (var table in tables)
        {
            if (!Exists(connection, transaction, table.Name)) created.Add(table.Name);
            Execute(connection, transaction, table.CreateTable);
            foreach (var index in table.CreateIndexes) Execute(connection, transaction, index);
        }
        transaction.Commit();
        return created;
    }

    /// <summary><see cref="EnsureCreated(NpgsqlConnection, IReadOnlyList{PostgreSqlTableDefinition})"/>, asynchronously.</summary>
    public static async Task<IReadOnlyList<string>> EnsureCreatedAsync(NpgsqlConnection connection, IReadOnlyList<PostgreSqlTableDefinition> tables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        var created = new List<string>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(" + AdvisoryLock + ")", cancellationToken).ConfigureAwait(false);
        foreach (var table in tables)
        {
            if (!await ExistsAsync(connection, transaction, table.Name, cancellationToken).ConfigureAwait(false)) created.Add(table.Name);
            await ExecuteAsync(connection, transaction, table.CreateTable, cancellationToken).ConfigureAwait(false);
            foreach (var index in table.CreateIndexes) await ExecuteAsync(connection, transaction, index, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    private const string ExistsSql = "SELECT to_regclass($1) IS NOT NULL";

    private static bool Exists(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        using var command = new NpgsqlCommand(ExistsSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgreSqlNames.Quote(table) });
        return (bool)command.ExecuteScalar()!;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ExistsSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgreSqlNames.Quote(table) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
