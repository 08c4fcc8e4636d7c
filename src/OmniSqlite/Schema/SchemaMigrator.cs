using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Schema
{
    /// <summary>
    /// Creates missing tables, columns and indexes in one write transaction (additive migration).
    /// Called by the generated <c>OmniSqliteSchema.EnsureCreated</c>; never drops or rewrites anything.
    /// </summary>
    public static class SchemaMigrator
    {
        public static SchemaChanges EnsureCreated(SqliteConnection connection, IReadOnlyList<TableDefinition> tables)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            if (tables is null) throw new ArgumentNullException(nameof(tables));
            if (connection.State != System.Data.ConnectionState.Open)
                throw new InvalidOperationException("EnsureCreated needs an open connection: call connection.Open() (or SqliteProfile.Production.Open(...)) first.");

            var createdTables = new List<string>();
            var addedColumns = new List<string>();
            var createdIndexes = new List<string>();

            // BEGIN IMMEDIATE: DDL is transactional in SQLite, so a failure leaves no partly migrated schema.
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;

            foreach (var table in tables)
            {
                var existingColumns = ReadNames(command, "SELECT name FROM pragma_table_info($t)", table.Name);
                if (existingColumns.Count == 0)
                {
                    Execute(command, table.CreateTableSql);
                    createdTables.Add(table.Name);
                }
                else
                {
                    foreach (var column in table.Columns)
                    {
                        if (existingColumns.Contains(column.Name)) continue;
                        if (column.AddColumnSql is null)
                            throw new InvalidOperationException(
                                $"Table '{table.Name}' exists without column '{column.Name}', and SQLite cannot add that column in place (it is the primary key). " +
                                "Migrate this table by hand (create the new table, copy the rows, rename), then call EnsureCreated again.");
                        Execute(command, column.AddColumnSql);
                        addedColumns.Add(table.Name + "." + column.Name);
                    }
                }

                var existingIndexes = ReadNames(command, "SELECT name FROM pragma_index_list($t)", table.Name);
                foreach (var index in table.Indexes)
                {
                    if (existingIndexes.Contains(index.Name)) continue;
                    Execute(command, index.CreateIndexSql);
                    createdIndexes.Add(index.Name);
                }
            }

            transaction.Commit();
            return new SchemaChanges(createdTables, addedColumns, createdIndexes);
        }

        private static HashSet<string> ReadNames(SqliteCommand command, string sql, string table)
        {
            command.Parameters.Clear();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$t", table);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) names.Add(reader.GetString(0));
            }
            command.Parameters.Clear();
            return names;
        }

        private static void Execute(SqliteCommand command, string sql)
        {
            command.Parameters.Clear();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
