using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Schema.Migrations
{
    /// <summary>Statements that run together, in plan order. <see cref="Safe"/> ones are what <c>EnsureCreated</c> may run.</summary>
    internal sealed class PlanStep
    {
        public PlanStep(bool safe, IReadOnlyList<string> statements, string table)
        {
            Safe = safe;
            Statements = statements;
            Table = table;
        }

        public bool Safe { get; }
        public IReadOnlyList<string> Statements { get; }
        public string Table { get; }
        /// <summary>For a rebuild: the table to check with <c>PRAGMA foreign_key_check</c> afterwards.</summary>
        public bool IsRebuild { get; init; }
        public SchemaChangeKind? Kind { get; init; }
        public string? Column { get; init; }
    }

    /// <summary>
    /// Compares the database with the description and decides, for every difference, the SQL and whether it is safe.
    /// Reads only (plus the row checks a conversion needs); runs inside the caller's transaction.
    /// </summary>
    internal sealed class SchemaPlanner
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteTransaction? _transaction;
        private readonly MigrationOptions _options;
        private readonly List<SchemaChange> _changes = new List<SchemaChange>();
        private readonly List<PlanStep> _steps = new List<PlanStep>();
        /// <summary>Old table name -> new one, for the renames this plan makes (a child's REFERENCES follows a renamed parent).</summary>
        private readonly Dictionary<string, string> _renamedTables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private SchemaPlanner(SqliteConnection connection, SqliteTransaction? transaction, MigrationOptions options)
        {
            _connection = connection;
            _transaction = transaction;
            _options = options;
        }

        public static (SchemaPlan Plan, IReadOnlyList<PlanStep> Steps) Build(SqliteConnection connection, SqliteTransaction? transaction,
            IReadOnlyList<TableDefinition> tables, MigrationOptions? options)
        {
            var planner = new SchemaPlanner(connection, transaction, options ?? new MigrationOptions());
            planner.Compare(tables, DatabaseSchema.Read(connection, transaction));
            return (new SchemaPlan(planner._changes, SchemaHash.Of(tables)), planner._steps);
        }

        private void Compare(IReadOnlyList<TableDefinition> tables, Dictionary<string, DatabaseTable> database)
        {
            var described = new HashSet<string>(tables.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
            var matched = new Dictionary<TableDefinition, DatabaseTable?>();
            var consumed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            // Table renames first: every later statement names the table by its new name.
            foreach (var table in tables)
            {
                if (database.TryGetValue(table.Name, out var existing)) { matched[table] = existing; consumed.Add(existing.Name); continue; }
                DatabaseTable? renamed = null;
                foreach (var old in table.PreviousNames)
                    if (!described.Contains(old) && database.TryGetValue(old, out var candidate) && !consumed.Contains(candidate.Name)) { renamed = candidate; break; }
                matched[table] = renamed;
                if (renamed is null) continue;
                consumed.Add(renamed.Name);
                _renamedTables[renamed.Name] = table.Name;
                var sql = "ALTER TABLE " + Quote(renamed.Name) + " RENAME TO " + Quote(table.Name);
                Add(SchemaChangeKind.TableRenamed, table.Name, null, $"table {renamed.Name} is renamed to {table.Name} ([RenamedFrom]), data kept", sql, true, null);
                _steps.Add(new PlanStep(true, new[] { sql }, table.Name) { Kind = SchemaChangeKind.TableRenamed });
            }

            foreach (var table in tables)
            {
                var db = matched[table];
                if (db is null) CreateTable(table);
                else CompareTable(table, db, matched);
            }

            foreach (var db in database.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                if (consumed.Contains(db.Name)) continue;
                Add(SchemaChangeKind.TableExtra, db.Name, null, $"table {db.Name} is in the database but no entity describes it: kept", null, true, null);
            }
        }

        private void CreateTable(TableDefinition table)
        {
            var statements = new List<string> { table.CreateTableSql };
            statements.AddRange(table.Indexes.Select(i => i.CreateIndexSql));
            Add(SchemaChangeKind.TableMissing, table.Name, null, $"table {table.Name} does not exist: created", string.Join(";\n", statements), true, null);
            _steps.Add(new PlanStep(true, statements, table.Name) { Kind = SchemaChangeKind.TableMissing });
        }

        private void CompareTable(TableDefinition table, DatabaseTable db, Dictionary<TableDefinition, DatabaseTable?> matched)
        {
            var t = table.Name;
            bool hasRows = HasRows(db.Name);
            bool rebuild = false;
            bool formatsOutdated = false; // rows in an older stored format: a rebuild of their own, which only Migrate runs
            var renamesSql = new List<string>();
            var additions = new List<(ColumnDefinition Column, string Sql)>();
            // Description column -> database column it is filled from (after renames), and how.
            var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var describedColumns = new HashSet<string>(table.Columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
            var key = KeyExpression(db);

            foreach (var column in table.Columns)
            {
                var c = column.Name;
                var existing = db.FindColumn(c);
                if (existing is null)
                {
                    foreach (var old in column.PreviousNames)
                    {
                        var candidate = db.FindColumn(old);
                        if (candidate is null || describedColumns.Contains(old) || used.Contains(candidate.Name)) continue;
                        existing = candidate;
                        var sql = "ALTER TABLE " + Quote(t) + " RENAME COLUMN " + Quote(candidate.Name) + " TO " + Quote(c);
                        Add(SchemaChangeKind.ColumnRenamed, t, c, $"column {t}.{candidate.Name} is renamed to {c} ([RenamedFrom]), data kept", sql, true, null);
                        renamesSql.Add(sql);
                        break;
                    }
                }

                if (existing is null)
                {
                    if (column.AddColumnSql is null)
                    {
                        rebuild = true;
                        Add(SchemaChangeKind.ColumnMissing, t, c, $"column {t}.{c} does not exist and ALTER TABLE cannot add it (it is the primary key): the table is rebuilt",
                            null, false, "call OmniSqliteSchema.Migrate, which rebuilds the table", rebuild: true,
                            refusal: hasRows ? $"column {t}.{c} is a new primary key and {t} has rows that would have no value for it: add the key by hand, or start from an empty table" : null);
                    }
                    else if (column.NotNull && column.DefaultSql is null && hasRows)
                    {
                        var why = $"column {t}.{c} is new and NOT NULL without a default, and {t} has {Count(db.Name)} rows that would have no value for it";
                        Add(SchemaChangeKind.ColumnMissing, t, c, why, column.AddColumnSql, false, "add [Default(...)] to the member (a constant), or make the member nullable; Migrate refuses until then",
                            refusal: why + ": add [Default(...)] to the member, or make it nullable");
                    }
                    else
                    {
                        additions.Add((column, column.AddColumnSql));
                        Add(SchemaChangeKind.ColumnMissing, t, c, $"column {t}.{c} does not exist: added", column.AddColumnSql, true, null);
                    }
                    continue;
                }

                used.Add(existing.Name);
                string source = Quote(c); // renames run before the rebuild
                bool described = column.SqlType.Length > 0;
                if (column.Storage != ColumnStorage.Plain && described)
                {
                    // A format of its own: rows in an older one (Microsoft.Data.Sqlite's text, another scale) are converted in the rebuild.
                    bool retyped = !SameType(column.SqlType, existing.Type);
                    var x = Quote(existing.Name); // the checks run before the renames
                    long outdated = hasRows ? CountWhere(db.Name, StoredFormats.Outdated(column.Storage, column.SqlType, existing.Type, x)) : 0;
                    if (retyped || outdated > 0)
                    {
                        if (retyped) rebuild = true;
                        else formatsOutdated = true;
                        var format = StoredFormats.Describe(column.Storage, column.SqlType);
                        var bad = outdated > 0
                            ? Examples(db, key, existing.Name, StoredFormats.Unconvertible(column.Storage, column.SqlType, existing.Type, x), "would not convert to " + format)
                            : null;
                        var rows = outdated.ToString(CultureInfo.InvariantCulture) + " row(s) to convert";
                        var why = retyped
                            ? $"column {t}.{c} is declared {Show(existing.Type)} in the database and {column.SqlType} in the entity: converted to {format} in a table rebuild ({rows})"
                            : $"column {t}.{c} has {outdated.ToString(CultureInfo.InvariantCulture)} row(s) in an older format (it stores {format}): converted in a table rebuild";
                        // Older rows alone are not refused by EnsureCreated (they read back right; only SQL comparisons with new rows are off): Migrate converts them.
                        Add(retyped ? SchemaChangeKind.ColumnRetyped : SchemaChangeKind.ColumnFormatOutdated, t, c, why + (bad is null ? "" : "; " + bad), null, safe: !retyped,
                            bad is null ? "call OmniSqliteSchema.Migrate" + (retyped ? "" : " to convert them (EnsureCreated leaves them)") : "fix or delete the rows named, then call OmniSqliteSchema.Migrate",
                            rebuild: true, refusal: bad);
                        source = StoredFormats.Converted(column.Storage, column.SqlType, existing.Type, source);
                    }
                }
                else if (described && !SameType(column.SqlType, existing.Type))
                {
                    rebuild = true;
                    var bad = hasRows ? Unconvertible(db, key, existing.Name, column.SqlType) : null;
                    var why = $"column {t}.{c} is declared {Show(existing.Type)} in the database and {column.SqlType} in the entity: converted with CAST in a table rebuild";
                    Add(SchemaChangeKind.ColumnRetyped, t, c, why + (bad is null ? "" : "; " + bad), null, false,
                        bad is null ? "call OmniSqliteSchema.Migrate" : "fix or delete the rows named, then call OmniSqliteSchema.Migrate", rebuild: true, refusal: bad);
                    source = "CAST(" + source + " AS " + column.SqlType + ")";
                }
                if (described && !column.IsPrimaryKey && existing.PrimaryKey == 0 && column.NotNull != existing.NotNull)
                {
                    rebuild = true;
                    string? bad = null;
                    if (column.NotNull && column.DefaultSql is null && hasRows) bad = NullRows(db, key, existing.Name, c);
                    Add(SchemaChangeKind.ColumnNullabilityChanged, t, c,
                        $"column {t}.{c} is {(existing.NotNull ? "NOT NULL" : "nullable")} in the database and {(column.NotNull ? "NOT NULL" : "nullable")} in the entity: table rebuild"
                        + (column.NotNull && column.DefaultSql != null ? " (NULLs become the default " + column.DefaultSql + ")" : "") + (bad is null ? "" : "; " + bad),
                        null, false, bad is null ? "call OmniSqliteSchema.Migrate" : "give the rows named a value, add [Default(...)], or keep the member nullable", rebuild: true, refusal: bad);
                    if (column.NotNull && column.DefaultSql != null) source = "COALESCE(" + source + ", " + column.DefaultSql + ")";
                }
                if (column.DefaultSql != null && !SameSql(column.DefaultSql, existing.Default))
                {
                    rebuild = true;
                    Add(SchemaChangeKind.ColumnDefaultChanged, t, c, $"column {t}.{c} has DEFAULT {existing.Default ?? "(none)"} in the database and {column.DefaultSql} in the entity: table rebuild",
                        null, false, "call OmniSqliteSchema.Migrate", rebuild: true);
                }
                sources[c] = source;
            }

            // Primary key: the described key columns against the database's.
            var describedKey = table.Columns.Where(c => c.IsPrimaryKey).Select(c => c.Name).ToList();
            var databaseKey = db.Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey).Select(c => RenamedTo(table, c.Name)).ToList();
            if (table.Columns.Any(c => c.SqlType.Length > 0) && !describedKey.SequenceEqual(databaseKey, StringComparer.OrdinalIgnoreCase) && describedKey.Count > 0)
            {
                rebuild = true;
                Add(SchemaChangeKind.PrimaryKeyChanged, t, describedKey.FirstOrDefault(),
                    $"the primary key of {t} is ({string.Join(", ", databaseKey)}) in the database and ({string.Join(", ", describedKey)}) in the entity: table rebuild",
                    null, false, "call OmniSqliteSchema.Migrate (it fails, changing nothing, if the new key has duplicates)", rebuild: true);
            }

            else if (HasAutoIncrement(table.CreateTableSql) != HasAutoIncrement(db.Sql) && describedKey.Count > 0)
            {
                rebuild = true;
                Add(SchemaChangeKind.PrimaryKeyChanged, t, describedKey[0],
                    $"the primary key of {t} is {(HasAutoIncrement(db.Sql) ? "" : "not ")}AUTOINCREMENT in the database and {(HasAutoIncrement(table.CreateTableSql) ? "" : "not ")}AUTOINCREMENT in the entity: table rebuild",
                    null, false, "call OmniSqliteSchema.Migrate", rebuild: true);
            }

            // Columns no member writes any more.
            var extras = new List<DatabaseColumn>();
            foreach (var column in db.Columns)
            {
                if (used.Contains(column.Name) || column.Hidden != 0) continue;
                if (_options.DropRemovedColumns)
                {
                    rebuild = true;
                    Add(SchemaChangeKind.ColumnExtra, t, column.Name, $"column {t}.{column.Name} is no longer written by the entity: dropped with its data (DropRemovedColumns)",
                        null, false, "call OmniSqliteSchema.Migrate with DropRemovedColumns", rebuild: true);
                    continue;
                }
                extras.Add(column);
                if (column.NotNull && column.Default is null && column.PrimaryKey == 0)
                {
                    rebuild = true;
                    Add(SchemaChangeKind.ColumnExtra, t, column.Name,
                        $"column {t}.{column.Name} is NOT NULL without a default and no member writes it, so every insert would fail: the rebuild keeps it and its data, nullable",
                        null, false, $"add [RenamedFrom(\"{column.Name}\")] to the member that replaced it, or call OmniSqliteSchema.Migrate (it makes the column nullable; MigrationOptions.DropRemovedColumns drops it)",
                        rebuild: true);
                }
                else Add(SchemaChangeKind.ColumnExtra, t, column.Name, $"column {t}.{column.Name} is no longer written by the entity: kept with its data", null, true, null);
            }

            // Foreign keys, compared as a set.
            var want = table.ForeignKeys.Select(ForeignKeyText).OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList();
            var have = db.ForeignKeys.Select(f => ForeignKeyText(new ForeignKeyDefinition(RenamedTo(table, f.Column), _renamedTables.TryGetValue(f.ParentTable, out var parent) ? parent : f.ParentTable, f.ParentColumn, f.OnDelete, f.OnUpdate))).OrderBy(x => x, StringComparer.OrdinalIgnoreCase).ToList();
            if (!ForeignKeysMatch(want, have))
            {
                rebuild = true;
                var orphans = hasRows ? Orphans(table, db, key, matched) : null;
                Add(SchemaChangeKind.ForeignKeyChanged, t, null,
                    $"the foreign keys of {t} are [{string.Join("; ", have)}] in the database and [{string.Join("; ", want)}] in the entity: table rebuild, then PRAGMA foreign_key_check" + (orphans is null ? "" : "; " + orphans),
                    null, false, orphans is null ? "call OmniSqliteSchema.Migrate" : "delete the orphan rows or insert their parents, then call OmniSqliteSchema.Migrate", rebuild: true, refusal: orphans);
            }

            // Indexes by name.
            var indexSteps = new List<(bool Safe, List<string> Sql)>();
            foreach (var index in table.Indexes)
            {
                var existing = db.FindIndex(index.Name);
                if (existing is null)
                {
                    Add(SchemaChangeKind.IndexMissing, t, null, $"index {index.Name} on {t} does not exist: created", index.CreateIndexSql, true, null, index: index.Name);
                    indexSteps.Add((true, new List<string> { index.CreateIndexSql }));
                }
                else if (!SameIndex(index, existing, table))
                {
                    var sql = new List<string> { "DROP INDEX " + Quote(existing.Name), index.CreateIndexSql };
                    Add(SchemaChangeKind.IndexChanged, t, null, $"index {index.Name} on {t} is ({Normalize(existing.Sql)}) in the database: dropped and created as the entity says", string.Join(";\n", sql), false,
                        "call OmniSqliteSchema.Migrate (a UNIQUE index fails, changing nothing, on duplicate rows)", index: index.Name);
                    indexSteps.Add((false, sql));
                }
            }
            var describedIndexes = new HashSet<string>(table.Indexes.Select(i => i.Name), StringComparer.OrdinalIgnoreCase);
            foreach (var index in db.Indexes)
                if (!describedIndexes.Contains(index.Name))
                    Add(SchemaChangeKind.IndexExtra, t, null, $"index {index.Name} on {t} is in the database but not in the entity: kept", null, true, null, index: index.Name);

            if (renamesSql.Count > 0) _steps.Add(new PlanStep(true, renamesSql, t) { Kind = SchemaChangeKind.ColumnRenamed });
            if (rebuild)
            {
                var generated = db.Columns.Any(c => c.Hidden == 2 || c.Hidden == 3)
                    ? $"table {t} has generated columns, which a rebuild would not keep: migrate it by hand" : null;
                var script = RebuildScript(table, db, sources, extras);
                var text = string.Join(";\n", script);
                for (int i = 0; i < _changes.Count; i++)
                    if (_changes[i].NeedsRebuild && _changes[i].Table == t && _changes[i].Sql is null) _changes[i] = WithSql(_changes[i], text, generated);
                _steps.Add(new PlanStep(false, script, t) { IsRebuild = true });
            }
            else
            {
                foreach (var (_, sql) in additions) _steps.Add(new PlanStep(true, new[] { sql }, t) { Kind = SchemaChangeKind.ColumnMissing });
                foreach (var (safe, sql) in indexSteps) _steps.Add(new PlanStep(safe, sql, t) { Kind = safe ? SchemaChangeKind.IndexMissing : SchemaChangeKind.IndexChanged });
                if (formatsOutdated)
                {
                    // After the columns and indexes above: the new table has them, and added columns hold their DEFAULT (or NULL) either way.
                    var script = RebuildScript(table, db, sources, extras);
                    var text = string.Join(";\n", script);
                    for (int i = 0; i < _changes.Count; i++)
                        if (_changes[i].Kind == SchemaChangeKind.ColumnFormatOutdated && _changes[i].Table == t && _changes[i].Sql is null) _changes[i] = WithSql(_changes[i], text, null);
                    _steps.Add(new PlanStep(false, script, t) { IsRebuild = true, Kind = SchemaChangeKind.ColumnFormatOutdated });
                }
            }
        }

        /// <summary>
        /// SQLite's documented rebuild (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): the new table under a
        /// temporary name, the rows copied with conversions, the old table dropped, the new one renamed, indexes and triggers
        /// created again. The caller runs it in a transaction with foreign_keys off.
        /// </summary>
        private List<string> RebuildScript(TableDefinition table, DatabaseTable db, Dictionary<string, string> sources, List<DatabaseColumn> extras)
        {
            var t = table.Name;
            var temporary = "_omnisqlite_new_" + t;
            var script = new List<string> { CreateTableAs(table, temporary) };
            foreach (var extra in extras)
                script.Add("ALTER TABLE " + Quote(temporary) + " ADD COLUMN " + Quote(extra.Name) + (extra.Type.Length > 0 ? " " + extra.Type : "") + (extra.Default is null ? "" : " DEFAULT " + extra.Default));
            var targets = new List<string>();
            var values = new List<string>();
            foreach (var column in table.Columns)
            {
                if (!sources.TryGetValue(column.Name, out var source)) continue;
                targets.Add(Quote(column.Name));
                values.Add(source);
            }
            foreach (var extra in extras)
            {
                targets.Add(Quote(extra.Name));
                values.Add(Quote(extra.Name));
            }
            if (targets.Count > 0)
                script.Add("INSERT INTO " + Quote(temporary) + " (" + string.Join(", ", targets) + ") SELECT " + string.Join(", ", values) + " FROM " + Quote(t));
            var sequence = Sequence(db.Name);
            script.Add("DROP TABLE " + Quote(t));
            // legacy_alter_table: the rename must not check or rewrite views and triggers that name the (now dropped) table.
            script.Add("PRAGMA legacy_alter_table = ON");
            script.Add("ALTER TABLE " + Quote(temporary) + " RENAME TO " + Quote(t));
            script.Add("PRAGMA legacy_alter_table = OFF");
            if (sequence is long seq)
                script.Add("UPDATE sqlite_sequence SET seq = max(seq, " + seq.ToString(CultureInfo.InvariantCulture) + ") WHERE name = " + Literal(t));
            foreach (var index in table.Indexes) script.Add(index.CreateIndexSql);
            // The table's other indexes and triggers are read from sqlite_schema when the rebuild runs (after any renames) and run again.
            script.Add(KeepOtherObjects);
            return script;
        }

        /// <summary>Stands in the rebuild script for the hand-made indexes and triggers of the table, read and recreated by <c>Migrate</c>.</summary>
        internal const string KeepOtherObjects = "-- then the table's other indexes and triggers, and the views that name it (dropped first), as sqlite_schema has them";

        private static string CreateTableAs(TableDefinition table, string name)
        {
            foreach (var prefix in new[] { "CREATE TABLE IF NOT EXISTS " + Quote(table.Name), "CREATE TABLE " + Quote(table.Name) })
                if (table.CreateTableSql.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    return "CREATE TABLE " + Quote(name) + table.CreateTableSql.Substring(prefix.Length);
            throw new ArgumentException($"The CreateTableSql of table '{table.Name}' must start with CREATE TABLE IF NOT EXISTS \"{table.Name}\" so that a rebuild can create it under a temporary name; it starts with: {Truncate(table.CreateTableSql, 60)}");
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length) + "...";

        // ---- the checks a change needs before it may run ----

        private SqliteCommand Command(string sql)
        {
            var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            return command;
        }

        private bool HasRows(string table)
        {
            using var command = Command("SELECT EXISTS (SELECT 1 FROM " + Quote(table) + ")");
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
        }

        private long CountWhere(string table, string where)
        {
            using var command = Command("SELECT count(*) FROM " + Quote(table) + " WHERE " + where);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private long Count(string table)
        {
            using var command = Command("SELECT count(*) FROM " + Quote(table));
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private long? Sequence(string table)
        {
            using var exists = Command("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'");
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) return null;
            using var command = Command("SELECT seq FROM sqlite_sequence WHERE name = $t");
            command.Parameters.AddWithValue("$t", table);
            var value = command.ExecuteScalar();
            return value is null || value is DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
        }

        /// <summary>How a row is named in a message: its single primary key column, else rowid.</summary>
        private static (string Sql, string Label) KeyExpression(DatabaseTable db)
        {
            var pk = db.Columns.Where(c => c.PrimaryKey > 0).ToList();
            if (pk.Count == 1) return (Quote(pk[0].Name), pk[0].Name);
            if (pk.Count > 0 && db.WithoutRowid) return (Quote(pk[0].Name), pk[0].Name);
            return ("rowid", "rowid");
        }

        /// <summary>
        /// The rows whose value would not survive CAST to <paramref name="type"/> unchanged (text that is not an integer for INTEGER,
        /// a REAL with a fraction, a blob for TEXT, ...), as a sentence naming up to three of them; null when every row converts.
        /// </summary>
        private string? Unconvertible(DatabaseTable db, (string Sql, string Label) key, string column, string type)
        {
            if (!PlainTypes.Contains(type.Trim()))
                return $"{db.Name}.{column} changes its stored format to {type}, which CAST cannot convert (a scaled DECIMAL, UTC text): convert the values by hand (read them with the old type, write them with the new one), then call Migrate";
            var x = Quote(column);
            var affinity = Affinity(type);
            string ok = affinity switch
            {
                "INTEGER" => $"typeof({x}) = 'integer' OR (typeof({x}) = 'real' AND {x} = CAST({x} AS INTEGER)) OR (typeof({x}) = 'text' AND CAST(CAST({x} AS INTEGER) AS TEXT) = {x})",
                "REAL" or "NUMERIC" => $"typeof({x}) IN ('integer', 'real') OR (typeof({x}) = 'text' AND (CAST(CAST({x} AS REAL) AS TEXT) = {x} OR CAST(CAST({x} AS INTEGER) AS TEXT) = {x}))",
                "TEXT" => $"typeof({x}) <> 'blob'",
                _ => $"typeof({x}) = 'blob'",
            };
            var where = $"{x} IS NOT NULL AND NOT ({ok})";
            return Examples(db, key, column, where, $"would not convert to {type}");
        }

        private string? NullRows(DatabaseTable db, (string Sql, string Label) key, string column, string described)
            => Examples(db, key, column, Quote(column) + " IS NULL", $"are NULL, and {described} becomes NOT NULL without a default");

        private string? Examples(DatabaseTable db, (string Sql, string Label) key, string column, string where, string what)
        {
            long count;
            using (var command = Command("SELECT count(*) FROM " + Quote(db.Name) + " WHERE " + where))
                count = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (count == 0) return null;
            var examples = new List<string>();
            using (var command = Command("SELECT " + key.Sql + ", " + Quote(column) + " FROM " + Quote(db.Name) + " WHERE " + where + " LIMIT 3"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) examples.Add(key.Label + " " + Value(reader.GetValue(0)) + ": " + Value(reader.GetValue(1)));
            }
            return $"{count.ToString(CultureInfo.InvariantCulture)} row(s) of {db.Name}.{column} {what}, e.g. {string.Join("; ", examples)}";
        }

        /// <summary>Rows whose (new) foreign key value has no parent row; null when there are none or no parent can be checked.</summary>
        private string? Orphans(TableDefinition table, DatabaseTable db, (string Sql, string Label) key, Dictionary<TableDefinition, DatabaseTable?> matched)
        {
            var found = new List<string>();
            foreach (var fk in table.ForeignKeys)
            {
                var source = db.FindColumn(fk.Column) ?? db.Columns.FirstOrDefault(c => RenamedTo(table, c.Name).Equals(fk.Column, StringComparison.OrdinalIgnoreCase));
                if (source is null) continue;
                var parentDefinition = matched.Keys.FirstOrDefault(d => string.Equals(d.Name, fk.ParentTable, StringComparison.OrdinalIgnoreCase));
                var parent = parentDefinition is null ? null : matched[parentDefinition];
                var parentColumn = parent is null ? null
                    : parent.FindColumn(fk.ParentColumn)
                      ?? parent.Columns.FirstOrDefault(c => RenamedTo(parentDefinition!, c.Name).Equals(fk.ParentColumn, StringComparison.OrdinalIgnoreCase));
                var where = Quote(source.Name) + " IS NOT NULL" + (parent is null || parentColumn is null ? ""
                    : " AND " + Quote(source.Name) + " NOT IN (SELECT " + Quote(parentColumn.Name) + " FROM " + Quote(parent.Name) + " WHERE " + Quote(parentColumn.Name) + " IS NOT NULL)");
                var sentence = Examples(db, key, source.Name, where, $"have no parent row in {fk.ParentTable}.{fk.ParentColumn} (orphans)");
                if (sentence != null) found.Add(sentence);
            }
            return found.Count == 0 ? null : string.Join("; ", found);
        }

        // ---- comparisons ----

        private static string RenamedTo(TableDefinition table, string databaseColumn)
        {
            foreach (var c in table.Columns)
                if (c.PreviousNames.Any(p => string.Equals(p, databaseColumn, StringComparison.OrdinalIgnoreCase)) && !table.Columns.Any(x => string.Equals(x.Name, databaseColumn, StringComparison.OrdinalIgnoreCase)))
                    return c.Name;
            return databaseColumn;
        }

        private static bool HasAutoIncrement(string createTableSql) => createTableSql.IndexOf("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) >= 0;

        private static bool SameType(string described, string database) => string.Equals(described.Trim(), database.Trim(), StringComparison.OrdinalIgnoreCase);

        private static bool SameSql(string? a, string? b) => string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

        private static string Normalize(string? sql) => DatabaseSchema.Normalize(sql);

        private static bool SameIndex(IndexDefinition described, DatabaseIndex database, TableDefinition table)
        {
            if (described.IsUnique != database.Unique) return false;
            if (!SameSql(described.Where, database.Where)) return false;
            if (described.Columns.Count == 0) return true; // shape not described: the name is all we know
            if (database.Columns.Any(c => c is null))
            {
                var text = described.CreateIndexSql.Replace(" IF NOT EXISTS", "");
                return SameSql(text, database.Sql);
            }
            return described.Columns.Count == database.Columns.Count
                && described.Columns.Zip(database.Columns, (d, c) => string.Equals(d, RenamedTo(table, c!), StringComparison.OrdinalIgnoreCase)).All(x => x);
        }

        private static string ForeignKeyText(ForeignKeyDefinition fk)
            => fk.Column + " -> " + fk.ParentTable + "(" + fk.ParentColumn + ") ON DELETE " + fk.OnDelete.ToUpperInvariant() + " ON UPDATE " + fk.OnUpdate.ToUpperInvariant();

        /// <summary>Equal sets, where a database key that names no parent column (REFERENCES parent) matches any column.</summary>
        private static bool ForeignKeysMatch(List<string> want, List<string> have)
        {
            if (want.Count != have.Count) return false;
            for (int i = 0; i < want.Count; i++)
                if (!string.Equals(want[i], have[i], StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(want[i], have[i].Replace("() ", "(" + Between(want[i], '(', ')') + ") "), StringComparison.OrdinalIgnoreCase)) return false;
            return true;
        }

        private static string Between(string text, char open, char close)
        {
            int a = text.IndexOf(open);
            int b = text.IndexOf(close, a + 1);
            return a < 0 || b < 0 ? "" : text.Substring(a + 1, b - a - 1);
        }

        /// <summary>Declared types whose values CAST converts exactly; any other (DECIMAL(18,2), TEXT_UTC) is a stored format of its own.</summary>
        private static readonly HashSet<string> PlainTypes = new HashSet<string>(new[] { "INTEGER", "TEXT", "REAL", "BLOB" }, StringComparer.OrdinalIgnoreCase);

        /// <summary>SQLite's affinity rules (datatype3.html, 3.1) for a declared type.</summary>
        internal static string Affinity(string type)
        {
            var t = type.ToUpperInvariant();
            if (t.Contains("INT")) return "INTEGER";
            if (t.Contains("CHAR") || t.Contains("CLOB") || t.Contains("TEXT")) return "TEXT";
            if (t.Length == 0 || t.Contains("BLOB")) return "BLOB";
            if (t.Contains("REAL") || t.Contains("FLOA") || t.Contains("DOUB")) return "REAL";
            return "NUMERIC";
        }

        private static string Show(string type) => type.Length == 0 ? "(no type)" : type;

        private static string Value(object value) => value switch
        {
            DBNull => "NULL",
            string s => "'" + Truncate(s, 40).Replace("'", "''") + "'",
            byte[] b => "x'" + Truncate(BitConverter.ToString(b).Replace("-", ""), 32) + "'",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

        internal static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

        private void Add(SchemaChangeKind kind, string table, string? column, string description, string? sql, bool safe, string? resolution, bool rebuild = false, string? refusal = null, string? index = null)
            => _changes.Add(new SchemaChange(kind, table, column, description, sql, safe, resolution) { NeedsRebuild = rebuild, Refusal = refusal, Index = index });

        private static SchemaChange WithSql(SchemaChange change, string sql, string? refusal)
            => new SchemaChange(change.Kind, change.Table, change.Column, change.Description, sql, change.IsSafe, change.Resolution) { NeedsRebuild = change.NeedsRebuild, Refusal = change.Refusal ?? refusal, Index = change.Index };

        internal static string Describe(IEnumerable<string> lines)
        {
            var sb = new StringBuilder();
            foreach (var line in lines) sb.Append("\n- ").Append(line);
            return sb.ToString();
        }
    }
}
