using System;
using System.Collections.Generic;
using System.Linq;

namespace OmniSqlite.Analyzers.Model
{
    /// <summary>Where a piece of schema knowledge came from.</summary>
    internal enum SchemaOrigin { Sql = 0, Entity = 1 }

    /// <summary>A column of a known table.</summary>
    /// <param name="Name">Column name as declared.</param>
    /// <param name="DeclaredType">Declared SQL type, or empty.</param>
    /// <param name="Collation">Declared collation (null = BINARY).</param>
    /// <param name="MemberName">The entity member that maps to it, when the table comes from an entity class.</param>
    internal sealed record SchemaColumn(string Name, string DeclaredType, string? Collation, string? MemberName)
    {
        /// <summary>NOT NULL (or the rowid): a [Query] can read it into a non-nullable member.</summary>
        public bool NotNull { get; init; }
    }

    /// <summary>
    /// An index as the planner sees it: its key columns leftmost first. <see cref="Keys"/> holds a column name, or for
    /// an expression index the expression's normalized text (see <c>SqlExpressionText</c>) prefixed with '='.
    /// PRIMARY KEY and UNIQUE constraints are indexes too (SQLite backs them with sqlite_autoindex_*); the rowid
    /// (INTEGER PRIMARY KEY) is modelled by <see cref="TableSchema.RowidAlias"/>.
    /// </summary>
    internal sealed record IndexSchema(string Name, EquatableArray<string> Keys, EquatableArray<string> Collations, bool IsUnique, bool IsPartial, SchemaOrigin Origin)
    {
        public string LeftmostKey => Keys.Length > 0 ? Keys[0] : "";

        /// <summary>
        /// For a partial index: its WHERE conjuncts, each as the normalized text of its OR branches joined by '\n'
        /// (one branch for a plain term). The planner uses the index only when every conjunct is implied by the query
        /// (see <c>SqlQueryAnalysis</c>: a query term equal to one branch, or a comparison on z for "z IS NOT NULL").
        /// </summary>
        public EquatableArray<string> Condition { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>A foreign key: child columns and the parent table (REFERENCES in SQL, [References] on an entity).</summary>
    internal sealed record ForeignKeySchema(EquatableArray<string> Columns, string ParentTable);

    /// <summary>A known table.</summary>
    /// <param name="ColumnsKnown">False for CREATE TABLE ... AS SELECT: the table exists but its columns are not checked.</param>
    /// <param name="RowidAlias">The INTEGER PRIMARY KEY column, if any.</param>
    /// <param name="EntityTypeName">Metadata name of the entity class that maps to it (for code fixes), if any.</param>
    internal sealed record TableSchema(
        string Name,
        EquatableArray<SchemaColumn> Columns,
        EquatableArray<IndexSchema> Indexes,
        string? RowidAlias,
        bool WithoutRowid,
        bool ColumnsKnown,
        string? EntityTypeName,
        LocationInfo? Location)
    {
        public SchemaColumn? FindColumn(string name)
        {
            foreach (var c in Columns) if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
            return null;
        }

        /// <summary>rowid, oid, _rowid_ and the INTEGER PRIMARY KEY name the rowid.</summary>
        public bool IsRowid(string column)
            => !WithoutRowid && (IsRowidAlias(column) || (IsRowidName(column) && FindColumn(column) is null)); // a real column shadows the rowid names

        // A column found is a column; one not found may still name the rowid (the columns are not searched twice).
        public bool HasColumn(string name) => !ColumnsKnown || FindColumn(name) != null || (!WithoutRowid && (IsRowidAlias(name) || IsRowidName(name)));

        private bool IsRowidAlias(string column) => RowidAlias != null && string.Equals(RowidAlias, column, StringComparison.OrdinalIgnoreCase);

        private static bool IsRowidName(string column)
            => string.Equals(column, "rowid", StringComparison.OrdinalIgnoreCase)
                || string.Equals(column, "oid", StringComparison.OrdinalIgnoreCase)
                || string.Equals(column, "_rowid_", StringComparison.OrdinalIgnoreCase);

        /// <summary>The table's foreign keys, from its CREATE TABLE (column REFERENCES and FOREIGN KEY constraints) or entity.</summary>
        public EquatableArray<ForeignKeySchema> ForeignKeys { get; init; } = EquatableArray<ForeignKeySchema>.Empty;
    }

    /// <summary>A view: its name, the column names it declares (may be empty), and its SELECT as written.</summary>
    internal sealed record ViewSchema(string Name, EquatableArray<string> Columns, string Select);

    /// <summary>The schema the analyzers check SQL against: tables (case-insensitive names) with columns and indexes.</summary>
    internal sealed class SchemaModel : IEquatable<SchemaModel>
    {
        public static readonly SchemaModel Empty = new SchemaModel(EquatableArray<TableSchema>.Empty);

        private readonly Dictionary<string, TableSchema> _byName;
        private readonly Dictionary<string, ViewSchema> _viewsByName;

        public SchemaModel(EquatableArray<TableSchema> tables) : this(tables, EquatableArray<ViewSchema>.Empty) { }

        public SchemaModel(EquatableArray<TableSchema> tables, EquatableArray<ViewSchema> views)
        {
            Tables = tables;
            Views = views;
            _byName = new Dictionary<string, TableSchema>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in tables) _byName[t.Name] = t;
            _viewsByName = new Dictionary<string, ViewSchema>(StringComparer.OrdinalIgnoreCase);
            foreach (var v in views) if (!_byName.ContainsKey(v.Name)) _viewsByName[v.Name] = v;
        }

        public EquatableArray<TableSchema> Tables { get; }

        public EquatableArray<ViewSchema> Views { get; }

        public bool IsEmpty => Tables.Length == 0;

        public TableSchema? FindTable(string name) => _byName.TryGetValue(name, out var t) ? t : null;

        public ViewSchema? FindView(string name) => _viewsByName.TryGetValue(name, out var v) ? v : null;

        public bool Equals(SchemaModel? other) => other != null && Tables.Equals(other.Tables) && Views.Equals(other.Views);
        public override bool Equals(object? obj) => Equals(obj as SchemaModel);
        public override int GetHashCode() => Tables.GetHashCode();

        /// <summary>Builds a schema from CREATE TABLE / CREATE INDEX text (any number of statements; others are ignored).</summary>
        public static SchemaModel FromSql(params string[] sqlTexts)
        {
            var builder = new SchemaBuilder();
            foreach (var sql in sqlTexts) builder.AddSql(sql, null);
            return builder.Build();
        }

        /// <summary>Builds a schema from the generator's resolved entity models (<see cref="Parsing.Naming.Resolve(EntityModel, AssemblySettings)"/>).</summary>
        public static SchemaModel FromEntities(IEnumerable<EntityModel> entities)
        {
            var builder = new SchemaBuilder();
            foreach (var e in entities) builder.AddEntity(e);
            return builder.Build();
        }

        public override string ToString() => string.Join("; ", Tables.Select(t => t.Name + "(" + string.Join(", ", t.Columns.Select(c => c.Name)) + ")"));
    }
}
