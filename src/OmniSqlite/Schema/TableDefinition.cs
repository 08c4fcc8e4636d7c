using System;
using System.Collections.Generic;

namespace OmniSqlite.Schema
{
    /// <summary>
    /// What the generator knows about one table: its DDL and everything drift detection compares with the database
    /// (columns, indexes, foreign keys, previous names). Emitted as constants by the generator; can be built by hand.
    /// </summary>
    public sealed class TableDefinition
    {
        public TableDefinition(string name, string createTableSql, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<IndexDefinition> indexes)
            : this(name, createTableSql, columns, indexes, Array.Empty<ForeignKeyDefinition>(), null)
        {
        }

        public TableDefinition(string name, string createTableSql, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<IndexDefinition> indexes,
            IReadOnlyList<ForeignKeyDefinition> foreignKeys)
            : this(name, createTableSql, columns, indexes, foreignKeys, null)
        {
        }

        /// <param name="name">The table name.</param>
        /// <param name="createTableSql"><c>CREATE TABLE IF NOT EXISTS "name" (...)</c>: the table as it should be (a rebuild creates it under a temporary name).</param>
        /// <param name="columns">Every column, in DDL order.</param>
        /// <param name="indexes">Every index the table should have (not the automatic ones of PRIMARY KEY / UNIQUE constraints).</param>
        /// <param name="foreignKeys">The foreign keys <paramref name="createTableSql"/> declares ([References]), in column order.</param>
        /// <param name="previousNames">Names the table had before (<c>[RenamedFrom]</c> on the entity), newest first.</param>
        public TableDefinition(string name, string createTableSql, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<IndexDefinition> indexes,
            IReadOnlyList<ForeignKeyDefinition> foreignKeys, IReadOnlyList<string>? previousNames)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            CreateTableSql = createTableSql ?? throw new ArgumentNullException(nameof(createTableSql));
            Columns = columns ?? throw new ArgumentNullException(nameof(columns));
            Indexes = indexes ?? throw new ArgumentNullException(nameof(indexes));
            ForeignKeys = foreignKeys ?? throw new ArgumentNullException(nameof(foreignKeys));
            PreviousNames = previousNames ?? Array.Empty<string>();
        }

        public string Name { get; }
        /// <summary><c>CREATE TABLE IF NOT EXISTS ...</c></summary>
        public string CreateTableSql { get; }
        public IReadOnlyList<ColumnDefinition> Columns { get; }
        public IReadOnlyList<IndexDefinition> Indexes { get; }
        /// <summary>Names the table had before, from <c>[RenamedFrom]</c>; a database table by one of them is renamed, data kept.</summary>
        public IReadOnlyList<string> PreviousNames { get; }
        /// <summary>The table's foreign keys ([References]), in column order.</summary>
        public IReadOnlyList<ForeignKeyDefinition> ForeignKeys { get; }
    }

    /// <summary>A column as the DDL declares it, and the <c>ALTER TABLE ... ADD COLUMN</c> that adds it to an older table (null when SQLite cannot add it, e.g. a primary key).</summary>
    public sealed class ColumnDefinition
    {
        /// <summary>A column known only by name (no type, nullability or default compared): the first-wave shape.</summary>
        public ColumnDefinition(string name, string? addColumnSql)
            : this(name, "", notNull: false, isPrimaryKey: false, defaultSql: null, previousNames: null, addColumnSql)
        {
        }

        /// <param name="name">The column name.</param>
        /// <param name="sqlType">The declared SQL type (<c>INTEGER</c>, <c>TEXT</c>, ...); "" when not described (not compared).</param>
        /// <param name="notNull">The member cannot hold null (the DDL says NOT NULL, or it is the primary key).</param>
        /// <param name="isPrimaryKey">The column is the table's primary key.</param>
        /// <param name="defaultSql">The DEFAULT expression from <c>[Default]</c> as SQL (<c>'open'</c>, <c>0</c>), or null for none.</param>
        /// <param name="previousNames">Names the column had before (<c>[RenamedFrom]</c>), newest first.</param>
        /// <param name="addColumnSql">The <c>ALTER TABLE ... ADD COLUMN</c> for an older table, or null.</param>
        public ColumnDefinition(string name, string sqlType, bool notNull, bool isPrimaryKey, string? defaultSql, IReadOnlyList<string>? previousNames, string? addColumnSql)
            : this(name, sqlType, notNull, isPrimaryKey, defaultSql, previousNames, addColumnSql, ColumnStorage.Plain)
        {
        }

        /// <param name="name">The column name.</param>
        /// <param name="sqlType">The declared SQL type.</param>
        /// <param name="notNull">The member cannot hold null.</param>
        /// <param name="isPrimaryKey">The column is the table's primary key.</param>
        /// <param name="defaultSql">The DEFAULT expression as SQL, or null.</param>
        /// <param name="previousNames">Names the column had before, newest first.</param>
        /// <param name="addColumnSql">The <c>ALTER TABLE ... ADD COLUMN</c> for an older table, or null.</param>
        /// <param name="storage">The stored format of its own (DateTime text, UTC text, ticks, scaled integer) that <c>Migrate</c> converts older rows to.</param>
        public ColumnDefinition(string name, string sqlType, bool notNull, bool isPrimaryKey, string? defaultSql, IReadOnlyList<string>? previousNames, string? addColumnSql,
            ColumnStorage storage)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            SqlType = sqlType ?? "";
            NotNull = notNull;
            IsPrimaryKey = isPrimaryKey;
            DefaultSql = defaultSql;
            PreviousNames = previousNames ?? Array.Empty<string>();
            AddColumnSql = addColumnSql;
            Storage = storage;
        }

        public string Name { get; }
        /// <summary>Declared SQL type; "" when the description does not say (then it is not compared).</summary>
        public string SqlType { get; }
        public bool NotNull { get; }
        public bool IsPrimaryKey { get; }
        /// <summary>The DEFAULT expression as SQL, or null.</summary>
        public string? DefaultSql { get; }
        /// <summary>Names the column had before, from <c>[RenamedFrom]</c>; a database column by one of them is renamed, data kept.</summary>
        public IReadOnlyList<string> PreviousNames { get; }
        public string? AddColumnSql { get; }
        /// <summary>The stored format of its own, if any: older rows in another form are converted by <c>Migrate</c>.</summary>
        public ColumnStorage Storage { get; }
    }

    /// <summary>An index and its <c>CREATE INDEX IF NOT EXISTS</c>.</summary>
    public sealed class IndexDefinition
    {
        /// <summary>An index known by name and SQL only (its shape is not compared): the first-wave shape.</summary>
        public IndexDefinition(string name, string createIndexSql)
            : this(name, createIndexSql, Array.Empty<string>(), isUnique: createIndexSql != null && createIndexSql.StartsWith("CREATE UNIQUE", StringComparison.OrdinalIgnoreCase), where: null)
        {
        }

        /// <param name="name">The index name.</param>
        /// <param name="createIndexSql"><c>CREATE [UNIQUE] INDEX IF NOT EXISTS ...</c></param>
        /// <param name="columns">Key column names leftmost first (an expression key as its SQL text); empty when not described (not compared).</param>
        /// <param name="isUnique">A UNIQUE index.</param>
        /// <param name="where">The WHERE of a partial index as SQL, or null.</param>
        public IndexDefinition(string name, string createIndexSql, IReadOnlyList<string> columns, bool isUnique, string? where)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            CreateIndexSql = createIndexSql ?? throw new ArgumentNullException(nameof(createIndexSql));
            Columns = columns ?? Array.Empty<string>();
            IsUnique = isUnique;
            Where = where;
        }

        public string Name { get; }
        public string CreateIndexSql { get; }
        /// <summary>Key columns leftmost first; empty when the description does not say.</summary>
        public IReadOnlyList<string> Columns { get; }
        public bool IsUnique { get; }
        /// <summary>The partial index's WHERE as SQL, or null.</summary>
        public string? Where { get; }
    }

    /// <summary>What <c>EnsureCreated</c> changed; empty when the database already matched.</summary>
    public sealed class SchemaChanges
    {
        internal SchemaChanges(IReadOnlyList<string> createdTables, IReadOnlyList<string> addedColumns, IReadOnlyList<string> createdIndexes)
            : this(createdTables, addedColumns, createdIndexes, Array.Empty<SchemaChange>())
        {
        }

        internal SchemaChanges(IReadOnlyList<string> createdTables, IReadOnlyList<string> addedColumns, IReadOnlyList<string> createdIndexes, IReadOnlyList<SchemaChange> applied)
        {
            CreatedTables = createdTables;
            AddedColumns = addedColumns;
            CreatedIndexes = createdIndexes;
            Applied = applied;
        }

        public IReadOnlyList<string> CreatedTables { get; }
        /// <summary>As <c>table.column</c>.</summary>
        public IReadOnlyList<string> AddedColumns { get; }
        public IReadOnlyList<string> CreatedIndexes { get; }
        /// <summary>Every change applied, renames included, in the order they ran.</summary>
        public IReadOnlyList<SchemaChange> Applied { get; }
        public bool IsEmpty => Applied.Count == 0 && CreatedTables.Count == 0 && AddedColumns.Count == 0 && CreatedIndexes.Count == 0;

        public override string ToString() => IsEmpty
            ? "schema up to date"
            : $"created tables: [{string.Join(", ", CreatedTables)}]; added columns: [{string.Join(", ", AddedColumns)}]; created indexes: [{string.Join(", ", CreatedIndexes)}]";
    }
}
