using System;
using System.Collections.Generic;
using System.Linq;
using OmniSqlite.Analyzers.Parsing.Sql;

namespace OmniSqlite.Analyzers.Model
{
    /// <summary>
    /// Collects schema facts from CREATE TABLE / CREATE INDEX statements and from entity models, then builds a
    /// <see cref="SchemaModel"/>. A table described by both an entity and SQL gets the union of columns and indexes.
    /// </summary>
    internal sealed class SchemaBuilder
    {
        private sealed class TableDraft
        {
            public string Name = "";
            public readonly List<SchemaColumn> Columns = new List<SchemaColumn>();
            public readonly List<IndexSchema> Indexes = new List<IndexSchema>();
            public string? RowidAlias;
            public bool WithoutRowid;
            public bool ColumnsKnown = true;
            public string? EntityTypeName;
            public LocationInfo? Location;
            public readonly List<ForeignKeySchema> ForeignKeys = new List<ForeignKeySchema>();
        }

        private readonly Dictionary<string, TableDraft> _tables = new Dictionary<string, TableDraft>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, ViewSchema> _views = new Dictionary<string, ViewSchema>(StringComparer.OrdinalIgnoreCase);
        private readonly List<(string Table, IndexSchema Index)> _pendingIndexes = new List<(string, IndexSchema)>();

        /// <summary>Adds every CREATE TABLE / CREATE INDEX in the text; anything else is ignored.</summary>
        public void AddSql(string? sql, LocationInfo? location)
        {
            if (sql is null || sql.IndexOf("CREATE", StringComparison.OrdinalIgnoreCase) < 0) return;
            foreach (var statement in SqlParser.Parse(sql).Statements)
            {
                if (statement is SqlCreateTableStatement table) AddTable(table, location);
                else if (statement is SqlCreateIndexStatement index) AddIndex(index);
                else if (statement is SqlCreateViewStatement view && view.End > view.SelectStart)
                    _views[view.Name.Value] = new ViewSchema(view.Name.Value, view.Columns.Select(c => c.Value).ToEquatableArray(), sql.Substring(view.SelectStart, view.End - view.SelectStart));
            }
        }

        // A loop, not FindIndex with a lambda: a delegate per column added was a tenth of what reading a schema of 300 tables allocated.
        private static int IndexOfColumn(TableDraft draft, string name)
        {
            for (int i = 0; i < draft.Columns.Count; i++)
                if (string.Equals(draft.Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }

        private TableDraft Draft(string name)
        {
            if (!_tables.TryGetValue(name, out var draft))
            {
                draft = new TableDraft { Name = name };
                _tables[name] = draft;
            }
            return draft;
        }

        public void AddTable(SqlCreateTableStatement table, LocationInfo? location)
        {
            var draft = Draft(table.Name.Value);
            draft.Location ??= location;
            if (table.AsSelect != null) { draft.ColumnsKnown = draft.Columns.Count > 0; return; }
            draft.WithoutRowid |= table.WithoutRowid;
            int auto = 0;
            var pkColumns = new List<(string Column, string? Collation)>();
            foreach (var column in table.Columns)
            {
                AddColumn(draft, new SchemaColumn(column.Name.Value, column.TypeName, column.Collation, null)
                {
                    NotNull = column.NotNull || (column.PrimaryKey && !table.WithoutRowid && IsIntegerType(column.TypeName) && !column.PrimaryKeyDescending),
                });
                if (column.PrimaryKey)
                {
                    if (!table.WithoutRowid && IsIntegerType(column.TypeName) && !column.PrimaryKeyDescending) draft.RowidAlias = column.Name.Value;
                    else pkColumns.Add((column.Name.Value, column.Collation));
                }
                if (column.References != null) AddForeignKey(draft, new ForeignKeySchema(Keys(column.Name.Value), column.References.Value));
                if (column.Unique)
                    AddIndexTo(draft, new IndexSchema("sqlite_autoindex_" + draft.Name + "_" + (++auto), Keys(column.Name.Value), Keys(column.Collation ?? ""), true, false, SchemaOrigin.Sql));
            }
            foreach (var key in table.Keys)
            {
                var keys = new List<string>();
                var collations = new List<string>();
                foreach (var c in key.Columns)
                {
                    if (c.Column is null) continue;
                    keys.Add(c.Column.Value);
                    collations.Add(c.Collation ?? FindCollation(draft, c.Column.Value) ?? "");
                }
                if (keys.Count == 0) continue;
                if (key.IsPrimaryKey && keys.Count == 1 && !table.WithoutRowid && IsIntegerType(TypeOf(draft, keys[0])))
                {
                    draft.RowidAlias = keys[0];
                    continue;
                }
                AddIndexTo(draft, new IndexSchema("sqlite_autoindex_" + draft.Name + "_" + (++auto), keys.ToEquatableArray(), collations.ToEquatableArray(), true, false, SchemaOrigin.Sql));
            }
            foreach (var key in table.ForeignKeys)
                if (key.Columns.Count > 0) AddForeignKey(draft, new ForeignKeySchema(key.Columns.Select(c => c.Value).ToEquatableArray(), key.Parent.Value));
            if (pkColumns.Count > 0)
                AddIndexTo(draft, new IndexSchema("sqlite_autoindex_" + draft.Name + "_pk", pkColumns.Select(p => p.Column).ToEquatableArray(), pkColumns.Select(p => p.Collation ?? "").ToEquatableArray(), true, false, SchemaOrigin.Sql));
        }

        private static string? FindCollation(TableDraft draft, string column)
            => draft.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))?.Collation;

        private static string TypeOf(TableDraft draft, string column)
            => draft.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))?.DeclaredType ?? "";

        /// <summary>Only the exact type name INTEGER makes a rowid alias (not INT, BIGINT): SQLite's documented quirk.</summary>
        private static bool IsIntegerType(string typeName) => string.Equals(typeName.Trim(), "INTEGER", StringComparison.OrdinalIgnoreCase);

        public void AddIndex(SqlCreateIndexStatement index)
        {
            var keys = new List<string>();
            var collations = new List<string>();
            foreach (var c in index.Columns)
            {
                if (c.Column != null) keys.Add(c.Column.Value);
                else
                {
                    var text = c.Expression is null ? null : SqlExpressionText.Normalize(c.Expression);
                    if (text is null) break; // keys after an unknown expression cannot be used as a prefix
                    keys.Add("=" + text);
                }
                collations.Add(c.Collation ?? "");
            }
            if (keys.Count == 0) return;
            var condition = new List<string>();
            if (index.Where != null)
                foreach (var conjunct in SqlSyntaxWalker.SplitAnd(index.Where))
                {
                    var branches = new List<string>();
                    foreach (var branch in SqlSyntaxWalker.SplitOr(conjunct)) branches.Add(SqlExpressionText.Normalize(branch) ?? "\0unusable");
                    condition.Add(string.Join("\n", branches));
                }
            _pendingIndexes.Add((index.Table.Value, new IndexSchema(index.Name.Value, keys.ToEquatableArray(), collations.ToEquatableArray(), index.Unique, index.Where != null, SchemaOrigin.Sql)
            {
                Condition = condition.ToEquatableArray(),
            }));
        }

        /// <summary>
        /// Adds a resolved entity (<see cref="Parsing.Naming.Resolve(EntityModel, AssemblySettings)"/>) with exactly the columns,
        /// SQL types and index names the generator's DDL creates for it, read from the model, so the index rules believe what
        /// <c>EnsureCreated</c> makes.
        /// </summary>
        public void AddEntity(EntityModel entity, LocationInfo? location = null)
        {
            var draft = Draft(entity.TableName);
            draft.EntityTypeName = entity.FullyQualifiedName;
            draft.Location = location ?? draft.Location;
            foreach (var c in entity.Columns)
            {
                var existing = IndexOfColumn(draft, c.ColumnName);
                var model = new SchemaColumn(c.ColumnName, c.SqlType, null, c.PropertyName) { NotNull = !c.IsNullable || c.IsPrimaryKey };
                if (existing >= 0) draft.Columns[existing] = model; else draft.Columns.Add(model);
                if (c.ForeignKey is { } fk) AddForeignKey(draft, new ForeignKeySchema(Keys(c.ColumnName), fk.ParentTable));
                if (c.IsPrimaryKey)
                {
                    // "INTEGER PRIMARY KEY" is SQLite's rowid alias; any other key gets an automatic unique index.
                    if (c.SqlType == "INTEGER") draft.RowidAlias = c.ColumnName;
                    else AddIndexTo(draft, new IndexSchema("sqlite_autoindex_" + entity.TableName + "_pk", Keys(c.ColumnName), Keys(""), true, false, SchemaOrigin.Entity));
                }
            }
            foreach (var index in entity.Indexes)
                AddIndexTo(draft, new IndexSchema(index.Name, index.ColumnNames, index.ColumnNames.Select(_ => "").ToEquatableArray(), index.IsUnique, false, SchemaOrigin.Entity));
        }

        /// <summary>
        /// Names the class and members a table (already added from its DDL) maps to, from the generator's manifest
        /// (<c>SchemaManifestEmitter.EntitiesKey</c>): the same facts <see cref="AddEntity"/> takes from a parsed entity.
        /// </summary>
        public void MapEntity(string table, string entityTypeName, IEnumerable<KeyValuePair<string, string>> columnMembers)
        {
            var draft = Draft(table);
            draft.EntityTypeName = entityTypeName;
            foreach (var pair in columnMembers)
            {
                var i = IndexOfColumn(draft, pair.Key);
                if (i >= 0) draft.Columns[i] = draft.Columns[i] with { MemberName = pair.Value };
            }
        }

        private static EquatableArray<string> Keys(string key) => new EquatableArray<string>(new[] { key });

        private static void AddColumn(TableDraft draft, SchemaColumn column)
        {
            int existing = IndexOfColumn(draft, column.Name);
            if (existing < 0) draft.Columns.Add(column);
            else if (draft.Columns[existing].MemberName != null)
                draft.Columns[existing] = draft.Columns[existing] with { Collation = draft.Columns[existing].Collation ?? column.Collation };
        }

        private static void AddForeignKey(TableDraft draft, ForeignKeySchema key)
        {
            if (!draft.ForeignKeys.Contains(key)) draft.ForeignKeys.Add(key);
        }

        private static void AddIndexTo(TableDraft draft, IndexSchema index)
        {
            // The same key list twice (an entity and its CREATE INDEX) is one index.
            foreach (var existing in draft.Indexes)
                if (existing.Keys.Equals(index.Keys) && existing.IsPartial == index.IsPartial) return;
            draft.Indexes.Add(index);
        }

        public SchemaModel Build()
        {
            foreach (var (table, index) in _pendingIndexes)
            {
                if (!_tables.TryGetValue(table, out var draft)) continue; // an index on a table we do not know
                var collations = index.Keys.Select((k, i) => index.Collations[i].Length > 0 ? index.Collations[i] : k.StartsWith("=", StringComparison.Ordinal) ? "" : FindCollation(draft, k) ?? "").ToEquatableArray();
                AddIndexTo(draft, index with { Collations = collations });
            }
            _pendingIndexes.Clear();
            var tables = _tables.Values
                .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
                .Select(t => new TableSchema(t.Name, t.Columns.ToEquatableArray(), t.Indexes.ToEquatableArray(), t.RowidAlias, t.WithoutRowid, t.ColumnsKnown, t.EntityTypeName, t.Location)
                {
                    ForeignKeys = t.ForeignKeys.ToEquatableArray(),
                })
                .ToEquatableArray();
            var views = _views.Values.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ToEquatableArray();
            return new SchemaModel(tables, views);
        }
    }
}
