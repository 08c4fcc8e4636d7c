using System;
using System.Collections.Generic;

namespace OmniSqlite.Schema
{
    /// <summary>What the generator knows about one table: its DDL, and the pieces additive migration needs. Emitted as constants by the generator.</summary>
    public sealed class TableDefinition
    {
        public TableDefinition(string name, string createTableSql, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<IndexDefinition> indexes)
            : this(name, createTableSql, columns, indexes, Array.Empty<ForeignKeyDefinition>())
        {
        }

        public TableDefinition(string name, string createTableSql, IReadOnlyList<ColumnDefinition> columns, IReadOnlyList<IndexDefinition> indexes,
            IReadOnlyList<ForeignKeyDefinition> foreignKeys)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            CreateTableSql = createTableSql ?? throw new ArgumentNullException(nameof(createTableSql));
            Columns = columns ?? throw new ArgumentNullException(nameof(columns));
            Indexes = indexes ?? throw new ArgumentNullException(nameof(indexes));
            ForeignKeys = foreignKeys ?? throw new ArgumentNullException(nameof(foreignKeys));
        }

        public string Name { get; }
        /// <summary><c>CREATE TABLE IF NOT EXISTS ...</c></summary>
        public string CreateTableSql { get; }
        public IReadOnlyList<ColumnDefinition> Columns { get; }
        public IReadOnlyList<IndexDefinition> Indexes { get; }
        /// <summary>The table's foreign keys ([References]), in column order.</summary>
        public IReadOnlyList<ForeignKeyDefinition> ForeignKeys { get; }
    }

    /// <summary>A column and the <c>ALTER TABLE ... ADD COLUMN</c> that adds it to an older table (null when SQLite cannot add it, e.g. a primary key).</summary>
    public sealed class ColumnDefinition
    {
        public ColumnDefinition(string name, string? addColumnSql)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            AddColumnSql = addColumnSql;
        }

        public string Name { get; }
        public string? AddColumnSql { get; }
    }

    /// <summary>An index and its <c>CREATE INDEX IF NOT EXISTS</c>.</summary>
    public sealed class IndexDefinition
    {
        public IndexDefinition(string name, string createIndexSql)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            CreateIndexSql = createIndexSql ?? throw new ArgumentNullException(nameof(createIndexSql));
        }

        public string Name { get; }
        public string CreateIndexSql { get; }
    }

    /// <summary>What <c>EnsureCreated</c> changed; empty when the database already matched.</summary>
    public sealed class SchemaChanges
    {
        internal SchemaChanges(IReadOnlyList<string> createdTables, IReadOnlyList<string> addedColumns, IReadOnlyList<string> createdIndexes)
        {
            CreatedTables = createdTables;
            AddedColumns = addedColumns;
            CreatedIndexes = createdIndexes;
        }

        public IReadOnlyList<string> CreatedTables { get; }
        /// <summary>As <c>table.column</c>.</summary>
        public IReadOnlyList<string> AddedColumns { get; }
        public IReadOnlyList<string> CreatedIndexes { get; }
        public bool IsEmpty => CreatedTables.Count == 0 && AddedColumns.Count == 0 && CreatedIndexes.Count == 0;

        public override string ToString() => IsEmpty
            ? "schema up to date"
            : $"created tables: [{string.Join(", ", CreatedTables)}]; added columns: [{string.Join(", ", AddedColumns)}]; created indexes: [{string.Join(", ", CreatedIndexes)}]";
    }
}
