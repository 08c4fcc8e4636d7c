using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;
using OmniSqlite.Schema.Migrations;

namespace OmniSqlite.Schema
{
    /// <summary>
    /// Compares the database with the generated description and changes it to match. Called by the generated
    /// <c>OmniSqliteSchema.EnsureCreated</c>, <c>Plan</c> and <c>Migrate</c>; usable with hand-built <see cref="TableDefinition"/>s.
    /// </summary>
    public static class SchemaMigrator
    {
        /// <summary>
        /// Creates missing tables and indexes, adds missing columns and applies <c>[RenamedFrom]</c> renames, in one
        /// BEGIN IMMEDIATE transaction. Any other difference (a type, nullability, default, key or foreign key change, a NOT NULL
        /// column nothing writes) throws <see cref="SchemaMigrationException"/> naming each one, with nothing changed. On a database
        /// that already matches (its recorded hash equals the description's) this is one read.
        /// </summary>
        public static SchemaChanges EnsureCreated(SqliteConnection connection, IReadOnlyList<TableDefinition> tables)
        {
            Check(connection, tables, "EnsureCreated");
            var hash = SchemaHash.Of(tables);
            var recorded = SchemaHash.Read(connection);
            if (recorded == hash || recorded == hash + SchemaHash.FormatsOutdated) return new SchemaChanges(Array.Empty<string>(), Array.Empty<string>(), Array.Empty<string>());

            StoredFormats.Register(connection);
            // BEGIN IMMEDIATE: DDL is transactional in SQLite, so a failure leaves no partly migrated schema.
            using var transaction = connection.BeginTransaction(deferred: false);
            var (plan, steps) = SchemaPlanner.Build(connection, transaction, tables, null);
            var refused = plan.Changes.Where(c => !c.IsSafe).ToList();
            if (refused.Count > 0)
            {
                var lines = refused.Select(c => c.Description + " -> " + c.Resolution);
                throw new SchemaMigrationException(
                    "EnsureCreated found " + refused.Count.ToString(CultureInfo.InvariantCulture) + " schema change(s) it does not make because they rewrite tables or could lose data, and changed nothing:"
                    + SchemaPlanner.Describe(lines)
                    + "\nCall OmniSqliteSchema.Migrate(connection) to apply them (it rebuilds tables the way SQLite documents, in one transaction, and refuses values that would not convert); "
                    + "add [RenamedFrom(\"old name\")] to a renamed member or entity, or [Default(...)] to a new NOT NULL member. OmniSqliteSchema.Plan(connection) lists every change with its SQL.",
                    refused);
            }

            var createdTables = new List<string>();
            var addedColumns = new List<string>();
            var createdIndexes = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                foreach (var step in steps)
                {
                    if (!step.Safe) continue; // rows in an older stored format: converted by Migrate
                    foreach (var sql in step.Statements) Execute(command, sql);
                    if (step.Kind == SchemaChangeKind.TableMissing) createdTables.Add(step.Table);
                }
            }
            foreach (var change in plan.Changes)
            {
                if (change.Sql is null || change.Kind == SchemaChangeKind.ColumnFormatOutdated) continue;
                if (change.Kind == SchemaChangeKind.ColumnMissing) addedColumns.Add(change.Table + "." + change.Column);
                else if (change.Kind == SchemaChangeKind.IndexMissing && change.Index != null) createdIndexes.Add(change.Index);
                else if (change.Kind == SchemaChangeKind.TableMissing)
                    createdIndexes.AddRange(tables.First(t => t.Name == change.Table).Indexes.Select(i => i.Name));
            }
            // Left for Migrate: recorded so that EnsureCreated stops at one read next time, while Migrate still converts them.
            bool formatsLeft = plan.Changes.Any(c => c.Kind == SchemaChangeKind.ColumnFormatOutdated);
            SchemaHash.Write(connection, transaction, formatsLeft ? hash + SchemaHash.FormatsOutdated : hash);
            transaction.Commit();
            return new SchemaChanges(createdTables, addedColumns, createdIndexes, plan.Changes.Where(c => c.Sql != null && c.Kind != SchemaChangeKind.ColumnFormatOutdated).ToList());
        }

        /// <summary>
        /// Every difference between the database and the description, each with the SQL that resolves it and whether
        /// <c>EnsureCreated</c> may apply it. Reads only.
        /// </summary>
        public static SchemaPlan Plan(SqliteConnection connection, IReadOnlyList<TableDefinition> tables, MigrationOptions? options = null)
        {
            Check(connection, tables, "Plan");
            StoredFormats.Register(connection);
            using var transaction = connection.BeginTransaction(deferred: true);
            var (plan, _) = SchemaPlanner.Build(connection, transaction, tables, options);
            transaction.Rollback();
            return plan;
        }

        /// <summary>
        /// Applies every change of <see cref="Plan"/> in one transaction: renames by <c>ALTER TABLE ... RENAME</c>, everything else by
        /// SQLite's table rebuild (new table, rows copied with <c>CAST</c>, old one dropped, new one renamed, indexes and triggers
        /// created again, <c>PRAGMA foreign_key_check</c>), with foreign keys off during it and restored after. Refuses, changing
        /// nothing, when a value would not convert, a row would be an orphan, or a new NOT NULL column without default meets rows;
        /// the <see cref="SchemaMigrationException"/> names the rows. Returns the plan it applied.
        /// </summary>
        public static SchemaPlan Migrate(SqliteConnection connection, IReadOnlyList<TableDefinition> tables, MigrationOptions? options = null)
        {
            Check(connection, tables, "Migrate");
            options ??= new MigrationOptions();
            var hash = SchemaHash.Of(tables);
            if (!options.DropRemovedColumns && SchemaHash.Read(connection) == hash) return new SchemaPlan(Array.Empty<SchemaChange>(), hash);

            // foreign_keys cannot change inside a transaction: off before it, back on after it (step 1 and 12 of the rebuild).
            StoredFormats.Register(connection);
            bool foreignKeys = Scalar(connection, null, "PRAGMA foreign_keys") == 1;
            if (foreignKeys) Execute(connection, "PRAGMA foreign_keys = OFF");
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var (plan, steps) = SchemaPlanner.Build(connection, transaction, tables, options);
                var refused = plan.Changes.Where(c => c.Refusal != null).ToList();
                if (refused.Count > 0)
                    throw new SchemaMigrationException(
                        "Migrate refused " + refused.Count.ToString(CultureInfo.InvariantCulture) + " schema change(s) and changed nothing:"
                        + SchemaPlanner.Describe(refused.Select(c => c.Refusal!))
                        + "\nFix the rows named (or the entity), then call Migrate again; OmniSqliteSchema.Plan(connection) lists every change.",
                        refused);

                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    foreach (var step in steps)
                    {
                        var others = step.IsRebuild ? OtherObjects(command, step.Table, tables) : new List<(string, string, string)>();
                        // The documented rebuild drops the views that name the table first and creates them again after, so each
                        // is checked against the new table here rather than failing at its next use (its INSTEAD OF triggers go with it).
                        var views = step.IsRebuild ? Views(command, step.Table) : new List<(string, string, string)>();
                        foreach (var (type, name, _) in views)
                            if (type == "view") Execute(command, "DROP VIEW " + SchemaPlanner.Quote(name));
                        foreach (var sql in step.Statements)
                        {
                            try
                            {
                                if (sql == SchemaPlanner.KeepOtherObjects)
                                {
                                    RecreateOthers(command, others);
                                    RecreateViews(command, views, step.Table, plan);
                                }
                                else Execute(command, sql);
                            }
                            catch (SqliteException e)
                            {
                                throw new SchemaMigrationException(
                                    $"Migrate stopped at \"{sql}\" because SQLite refused it ({e.Message}), and changed nothing. Fix what SQLite names (duplicate rows for a new UNIQUE index or key, a view or trigger that names a dropped column), then call Migrate again.",
                                    plan.Changes.Where(c => c.Table == step.Table && !c.IsSafe).ToList(), e);
                            }
                        }
                        if (step.IsRebuild) CheckForeignKeys(command, step.Table, plan);
                    }
                }
                SchemaHash.Write(connection, transaction, hash);
                transaction.Commit();
                return plan;
            }
            finally
            {
                Execute(connection, "PRAGMA legacy_alter_table = OFF");
                if (foreignKeys) Execute(connection, "PRAGMA foreign_keys = ON");
            }
        }

        /// <summary>Step 3 of the rebuild: the table's indexes and triggers that the description does not make (hand-made ones), as sqlite_schema has them now.</summary>
        private static List<(string Type, string Name, string Sql)> OtherObjects(SqliteCommand command, string table, IReadOnlyList<TableDefinition> tables)
        {
            var described = new HashSet<string>(tables.First(t => t.Name == table).Indexes.Select(i => i.Name), StringComparer.OrdinalIgnoreCase);
            command.Parameters.Clear();
            command.CommandText = "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = $t AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name";
            command.Parameters.AddWithValue("$t", table);
            var others = new List<(string, string, string)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                    if (!described.Contains(reader.GetString(1))) others.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
            command.Parameters.Clear();
            return others;
        }

        /// <summary>Views whose SQL names the table (a text match: a false hit is only recreated as it was), with their INSTEAD OF triggers, in creation order.</summary>
        private static List<(string Type, string Name, string Sql)> Views(SqliteCommand command, string table)
        {
            command.Parameters.Clear();
            command.CommandText = "SELECT type, name, sql FROM sqlite_schema AS s WHERE sql IS NOT NULL AND ("
                + "(type = 'view' AND instr(lower(sql), lower($t)) > 0) OR (type = 'trigger' AND tbl_name IN (SELECT name FROM sqlite_schema WHERE type = 'view' AND instr(lower(sql), lower($t)) > 0))) ORDER BY rowid";
            command.Parameters.AddWithValue("$t", table);
            var views = new List<(string, string, string)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) views.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
            command.Parameters.Clear();
            return views;
        }

        /// <summary>Creates the views (and their triggers) again and reads each once, so a view that names what the new table no longer has refuses the migration.</summary>
        private static void RecreateViews(SqliteCommand command, List<(string Type, string Name, string Sql)> views, string table, SchemaPlan plan)
        {
            foreach (var (_, _, sql) in views) Execute(command, sql);
            foreach (var (type, name, _) in views)
            {
                if (type != "view") continue;
                try
                {
                    Execute(command, "SELECT * FROM " + SchemaPlanner.Quote(name) + " LIMIT 0");
                }
                catch (SqliteException e)
                {
                    throw new SchemaMigrationException(
                        $"Migrate refused the rebuild of {table} and changed nothing: the view {name} names it and no longer works on the new table ({e.Message}). Change or drop the view (CREATE VIEW ... with the new column names), then call Migrate again.",
                        plan.Changes.Where(c => c.Table == table && !c.IsSafe).ToList(), e);
                }
            }
        }

        /// <summary>Step 8: runs them again on the new table. An index on a column the rebuild dropped (DropRemovedColumns) goes with the column.</summary>
        private static void RecreateOthers(SqliteCommand command, List<(string Type, string Name, string Sql)> others)
        {
            foreach (var (type, _, sql) in others)
            {
                if (type == "index")
                {
                    command.CommandText = "SAVEPOINT omnisqlite_index";
                    command.ExecuteNonQuery();
                    try
                    {
                        Execute(command, sql);
                    }
                    catch (SqliteException e) when (e.Message.IndexOf("no such column", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        Execute(command, "ROLLBACK TO omnisqlite_index");
                    }
                    Execute(command, "RELEASE omnisqlite_index");
                }
                else Execute(command, sql);
            }
        }

        /// <summary>Step 10 of the rebuild: the rebuilt table's rows must all have their parents, or nothing is committed.</summary>
        private static void CheckForeignKeys(SqliteCommand command, string table, SchemaPlan plan)
        {
            command.Parameters.Clear();
            command.CommandText = "SELECT c.rowid, c.parent, k.\"from\" FROM pragma_foreign_key_check($t) AS c LEFT JOIN pragma_foreign_key_list($t) AS k ON k.id = c.fkid LIMIT 4";
            command.Parameters.AddWithValue("$t", table);
            var orphans = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                    orphans.Add("rowid " + (reader.IsDBNull(0) ? "?" : reader.GetInt64(0).ToString(CultureInfo.InvariantCulture)) + " (" + (reader.IsDBNull(2) ? "?" : reader.GetString(2)) + " has no row in " + reader.GetString(1) + ")");
            }
            command.Parameters.Clear();
            if (orphans.Count == 0) return;
            throw new SchemaMigrationException(
                $"Migrate refused the rebuild of {table} and changed nothing: PRAGMA foreign_key_check finds rows whose parent is missing, e.g. {string.Join("; ", orphans.Take(3))}. Delete those rows or insert their parents, then call Migrate again.",
                plan.Changes.Where(c => c.Table == table && c.Kind == SchemaChangeKind.ForeignKeyChanged).ToList());
        }

        private static void Check(SqliteConnection connection, IReadOnlyList<TableDefinition> tables, string what)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            if (tables is null) throw new ArgumentNullException(nameof(tables));
            if (connection.State != System.Data.ConnectionState.Open)
                throw new InvalidOperationException(what + " needs an open connection: call connection.Open() (or SqliteProfile.Production.Open(...)) first.");
        }

        private static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        private static void Execute(SqliteCommand command, string sql)
        {
            command.Parameters.Clear();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
