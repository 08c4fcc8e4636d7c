using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace OmniSqlite.PostgreSql;

/// <summary>One table as the generated <c>OmniSqliteSchema.PostgreSqlTables</c> lists it: its name, CREATE TABLE and CREATE INDEX statements, and its columns.</summary>
public sealed class PostgreSqlTableDefinition
{
    public PostgreSqlTableDefinition(string name, string createTable, IReadOnlyList<string> createIndexes)
        : this(name, createTable, createIndexes, Array.Empty<PostgreSqlColumnDefinition>())
    {
    }

    public PostgreSqlTableDefinition(string name, string createTable, IReadOnlyList<string> createIndexes, IReadOnlyList<PostgreSqlColumnDefinition> columns)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        CreateTable = createTable ?? throw new ArgumentNullException(nameof(createTable));
        CreateIndexes = createIndexes ?? throw new ArgumentNullException(nameof(createIndexes));
        Columns = columns ?? throw new ArgumentNullException(nameof(columns));
    }

    /// <summary>The table's name (unquoted).</summary>
    public string Name { get; }

    /// <summary><c>CREATE TABLE IF NOT EXISTS ...</c>.</summary>
    public string CreateTable { get; }

    /// <summary><c>CREATE [UNIQUE] INDEX IF NOT EXISTS ...</c>, one statement each.</summary>
    public IReadOnlyList<string> CreateIndexes { get; }

    /// <summary>The table's columns, for adding those an existing table lacks.</summary>
    public IReadOnlyList<PostgreSqlColumnDefinition> Columns { get; }
}

/// <summary>One column of a <see cref="PostgreSqlTableDefinition"/>.</summary>
public sealed class PostgreSqlColumnDefinition
{
    public PostgreSqlColumnDefinition(string name, string definition, bool required)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        Required = required;
    }

    /// <summary>The column's name (unquoted).</summary>
    public string Name { get; }

    /// <summary>What follows <c>ALTER TABLE ... ADD COLUMN IF NOT EXISTS</c>: the quoted name, type, NOT NULL, DEFAULT, REFERENCES.</summary>
    public string Definition { get; }

    /// <summary>NOT NULL without a default: it can be added only to an empty table.</summary>
    public bool Required { get; }
}

/// <summary>
/// <c>EnsureCreated(NpgsqlConnection)</c> cannot bring an existing table up to the entities (a new NOT NULL column without a
/// default on a table with rows); the message names each table and column and what to do. Nothing was changed.
/// </summary>
public sealed class PostgreSqlSchemaException : Exception
{
    public PostgreSqlSchemaException(string message) : base(message)
    {
    }

    public PostgreSqlSchemaException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public PostgreSqlSchemaException()
    {
    }
}

/// <summary>Creates the generated schema on PostgreSQL (what <c>OmniSqliteSchema.EnsureCreated(NpgsqlConnection)</c> calls).</summary>
public static class PostgreSqlSchema
{
    // Any fixed number: two processes creating the schema at once take turns instead of racing on the catalog.
    private const long AdvisoryLock = 0x4F6D6E6953716C; // "OmniSql"

    /// <summary>
    /// Creates the missing tables and indexes (<c>IF NOT EXISTS</c>) in one transaction, parents first; returns the tables it
    /// created (empty when all existed). A column an existing table lacks is added (<c>ALTER TABLE ... ADD COLUMN IF NOT
    /// EXISTS</c>, with its default); one that is NOT NULL without a default is added only to an empty table, else the call
    /// throws <see cref="PostgreSqlSchemaException"/> before changing anything. Existing columns are never changed or dropped.
    /// </summary>
    public static IReadOnlyList<string> EnsureCreated(NpgsqlConnection connection, IReadOnlyList<PostgreSqlTableDefinition> tables)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        var created = new List<string>();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(" + AdvisoryLock + ")");
        // Every check first: a table that cannot take its new columns stops the call before anything is changed.
        var plans = new List<(PostgreSqlTableDefinition Table, bool Exists, List<PostgreSqlColumnDefinition> Missing)>();
        var refused = new List<string>();
        foreach (var table in tables)
        {
            bool exists = Exists(connection, transaction, table.Name);
            var missing = new List<PostgreSqlColumnDefinition>();
            if (exists && table.Columns.Count > 0)
            {
                var present = Columns(connection, transaction, table.Name);
                missing.AddRange(table.Columns.Where(c => !present.Contains(c.Name)));
                if (missing.Any(c => c.Required) && HasRows(connection, transaction, table.Name)) refused.Add(Refusal(table, missing));
            }
            plans.Add((table, exists, missing));
        }
        if (refused.Count > 0) throw Refused(refused);
        foreach (var (table, exists, missing) in plans)
        {
            if (!exists) created.Add(table.Name);
            Execute(connection, transaction, table.CreateTable);
            foreach (var column in missing) Execute(connection, transaction, AddColumn(table, column));
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
        var plans = new List<(PostgreSqlTableDefinition Table, bool Exists, List<PostgreSqlColumnDefinition> Missing)>();
        var refused = new List<string>();
        foreach (var table in tables)
        {
            bool exists = await ExistsAsync(connection, transaction, table.Name, cancellationToken).ConfigureAwait(false);
            var missing = new List<PostgreSqlColumnDefinition>();
            if (exists && table.Columns.Count > 0)
            {
                var present = await ColumnsAsync(connection, transaction, table.Name, cancellationToken).ConfigureAwait(false);
                missing.AddRange(table.Columns.Where(c => !present.Contains(c.Name)));
                if (missing.Any(c => c.Required) && await HasRowsAsync(connection, transaction, table.Name, cancellationToken).ConfigureAwait(false))
                    refused.Add(Refusal(table, missing));
            }
            plans.Add((table, exists, missing));
        }
        if (refused.Count > 0) throw Refused(refused);
        foreach (var (table, exists, missing) in plans)
        {
            if (!exists) created.Add(table.Name);
            await ExecuteAsync(connection, transaction, table.CreateTable, cancellationToken).ConfigureAwait(false);
            foreach (var column in missing) await ExecuteAsync(connection, transaction, AddColumn(table, column), cancellationToken).ConfigureAwait(false);
            foreach (var index in table.CreateIndexes) await ExecuteAsync(connection, transaction, index, cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    private const string ExistsSql = "SELECT to_regclass($1) IS NOT NULL";

    // The table as to_regclass finds it (the search path's first match), so the columns are those of the same table.
    private const string ColumnsSql = "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped";

    private static string AddColumn(PostgreSqlTableDefinition table, PostgreSqlColumnDefinition column)
        => "ALTER TABLE " + PostgreSqlNames.Quote(table.Name) + " ADD COLUMN IF NOT EXISTS " + column.Definition;

    private static string Refusal(PostgreSqlTableDefinition table, List<PostgreSqlColumnDefinition> missing)
        => "table \"" + table.Name + "\" has rows and lacks " + string.Join(", ", missing.Where(c => c.Required).Select(c => "\"" + c.Name + "\""))
           + ", NOT NULL without a default";

    private static PostgreSqlSchemaException Refused(List<string> refused)
        => new PostgreSqlSchemaException("EnsureCreated(NpgsqlConnection) cannot add the new columns: " + string.Join("; ", refused)
               + ". Give each such member a [Default(...)] or make it nullable, or add the column yourself (ALTER TABLE ... ADD COLUMN, fill it, then SET NOT NULL). Nothing was changed.");

    private static HashSet<string> Columns(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        using var command = new NpgsqlCommand(ColumnsSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgreSqlNames.Quote(table) });
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<HashSet<string>> ColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ColumnsSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgreSqlNames.Quote(table) });
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) names.Add(reader.GetString(0));
        return names;
    }

    private static bool HasRows(NpgsqlConnection connection, NpgsqlTransaction transaction, string table)
    {
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM " + PostgreSqlNames.Quote(table) + ")", connection, transaction);
        return (bool)command.ExecuteScalar()!;
    }

    private static async Task<bool> HasRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM " + PostgreSqlNames.Quote(table) + ")", connection, transaction);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

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
