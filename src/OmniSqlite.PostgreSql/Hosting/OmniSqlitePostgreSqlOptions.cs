using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace OmniSqlite.PostgreSql.Hosting;

/// <summary>
/// Settings of <c>services.AddOmniSqlitePostgreSql(...)</c>: which server and database, what to do at start. Validated when the
/// host starts (<c>ValidateOnStart</c>); every error names the setting and how to fix it.
/// </summary>
public sealed class OmniSqlitePostgreSqlOptions
{
    /// <summary>The connection string name the <c>AddOmniSqlitePostgreSql(configuration)</c> overload reads from <c>ConnectionStrings</c> (<c>PostgreSql</c>).</summary>
    public const string ConnectionStringName = "PostgreSql";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=app;Username=app;Password=...</c>. Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Runs once when the host starts, on an open connection, before the app serves anything; a failure stops the start.
    /// <c>o.EnsureCreated(OmniSqliteSchema.PostgreSqlTables)</c> sets it.
    /// </summary>
    public Func<NpgsqlConnection, CancellationToken, Task>? InitializeSchema { get; set; }

    /// <summary>
    /// Creates the generated tables and indexes at start (<c>IF NOT EXISTS</c>, one transaction under an advisory lock, so several
    /// instances starting at once take turns): <c>o.EnsureCreated(OmniSqliteSchema.PostgreSqlTables)</c>. Existing tables are not altered.
    /// </summary>
    public OmniSqlitePostgreSqlOptions EnsureCreated(IReadOnlyList<PostgreSqlTableDefinition> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        InitializeSchema = (connection, cancellationToken) => PostgreSqlSchema.EnsureCreatedAsync(connection, tables, cancellationToken);
        return this;
    }
}
