using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using OmniSqlite.Schema;

namespace OmniSqlite.Hosting
{
    /// <summary>
    /// Settings of <c>services.AddOmniSqlite(...)</c>: which database, which profile, what to do at start. Validated when the host
    /// starts (<c>ValidateOnStart</c>); every error names the setting and how to fix it.
    /// </summary>
    public sealed class OmniSqliteOptions
    {
        /// <summary>The configuration section the <c>AddOmniSqlite(configuration)</c> overload reads (<c>OmniSqlite</c>).</summary>
        public const string SectionName = "OmniSqlite";

        /// <summary>The connection string name it reads from <c>ConnectionStrings</c> (<c>OmniSqlite</c>).</summary>
        public const string ConnectionStringName = "OmniSqlite";

        internal readonly List<string> ConfigurationErrors = new List<string>();

        /// <summary>
        /// A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/app/app.db</c>. Required. A relative Data Source is
        /// refused in the Production environment (it would land in the working directory or the container image) and resolved
        /// against the content root elsewhere.
        /// </summary>
        public string ConnectionString { get; set; } = "";

        /// <summary>The profile every connection gets. Default <see cref="SqliteProfile.Production"/>.</summary>
        public SqliteProfile Profile { get; set; } = SqliteProfile.Production;

        /// <summary>
        /// Runs once when the host starts, on a connection with the profile applied, before the app serves anything:
        /// <c>o.InitializeSchema = connection => OmniSqliteSchema.EnsureCreated(connection);</c> (or <c>OmniSqliteSchema.Migrate(connection)</c>).
        /// </summary>
        public Action<SqliteConnection>? InitializeSchema { get; set; }

        /// <summary>
        /// Creates the generated tables and indexes at start: <c>o.EnsureCreated(OmniSqliteSchema.Tables)</c> (additive; a change that
        /// needs <see cref="Migrate"/> stops the host with a <see cref="SchemaMigrationException"/> naming it, nothing changed).
        /// </summary>
        public OmniSqliteOptions EnsureCreated(IReadOnlyList<TableDefinition> tables)
        {
            if (tables is null) throw new ArgumentNullException(nameof(tables));
            InitializeSchema = connection => SchemaMigrator.EnsureCreated(connection, tables);
            return this;
        }

        /// <summary>
        /// Migrates the database to the generated tables at start: <c>o.Migrate(OmniSqliteSchema.Tables)</c>, the same as
        /// <c>OmniSqliteSchema.Migrate(connection, options)</c> (renames, table rebuilds, in one transaction; one read when nothing
        /// changed). A refused migration stops the host with a <see cref="SchemaMigrationException"/>, nothing changed.
        /// </summary>
        public OmniSqliteOptions Migrate(IReadOnlyList<TableDefinition> tables, MigrationOptions? options = null)
        {
            if (tables is null) throw new ArgumentNullException(nameof(tables));
            InitializeSchema = connection => SchemaMigrator.Migrate(connection, tables, options);
            return this;
        }
    }
}
