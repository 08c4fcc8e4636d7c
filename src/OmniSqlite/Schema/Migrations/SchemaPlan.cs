using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace OmniSqlite.Schema
{
    /// <summary>What differs between the database and the entities' description, one kind per difference.</summary>
    public enum SchemaChangeKind
    {
        /// <summary>The table does not exist: <c>CREATE TABLE</c> (safe).</summary>
        TableMissing,
        /// <summary>A database table no entity describes: kept, nothing is run.</summary>
        TableExtra,
        /// <summary>The table exists under a <c>[RenamedFrom]</c> name: <c>ALTER TABLE ... RENAME TO</c> (safe, data kept).</summary>
        TableRenamed,
        /// <summary>The column does not exist: <c>ALTER TABLE ... ADD COLUMN</c> (safe when nullable, defaulted, or the table is empty).</summary>
        ColumnMissing,
        /// <summary>A database column no member writes: kept with its data (unsafe when NOT NULL without default: it blocks every insert).</summary>
        ColumnExtra,
        /// <summary>The column exists under a <c>[RenamedFrom]</c> name: <c>ALTER TABLE ... RENAME COLUMN</c> (safe, data kept).</summary>
        ColumnRenamed,
        /// <summary>The declared SQL type differs: table rebuild with <c>CAST</c> conversion, refused when a value would not convert.</summary>
        ColumnRetyped,
        /// <summary>NULL allowed in one and not the other: table rebuild.</summary>
        ColumnNullabilityChanged,
        /// <summary>The <c>[Default]</c> differs from the database's DEFAULT: table rebuild.</summary>
        ColumnDefaultChanged,
        /// <summary>The primary key is another column: table rebuild.</summary>
        PrimaryKeyChanged,
        /// <summary>The index does not exist: <c>CREATE INDEX</c> (safe).</summary>
        IndexMissing,
        /// <summary>A database index no entity describes: kept, nothing is run.</summary>
        IndexExtra,
        /// <summary>An index of that name has other columns, uniqueness or WHERE: dropped and created again.</summary>
        IndexChanged,
        /// <summary>The table's foreign keys differ: table rebuild, then <c>PRAGMA foreign_key_check</c>.</summary>
        ForeignKeyChanged,
        /// <summary>
        /// The declared type matches but rows hold an older form of the column's stored format (DateTime text written by
        /// Microsoft.Data.Sqlite): converted in a table rebuild, refused when a value would not convert.
        /// </summary>
        ColumnFormatOutdated,
    }

    /// <summary>One difference between the database and the description, with the SQL that resolves it.</summary>
    public sealed class SchemaChange
    {
        internal SchemaChange(SchemaChangeKind kind, string table, string? column, string description, string? sql, bool isSafe, string? resolution)
        {
            Kind = kind;
            Table = table;
            Column = column;
            Description = description;
            Sql = sql;
            IsSafe = isSafe;
            Resolution = resolution;
        }

        public SchemaChangeKind Kind { get; }
        /// <summary>The table's name in the description (its new name for a rename).</summary>
        public string Table { get; }
        /// <summary>The column (its new name for a rename), or null for table and index changes.</summary>
        public string? Column { get; }
        /// <summary>The index, for index changes; else null.</summary>
        public string? Index { get; internal init; }
        /// <summary>What differs, in words.</summary>
        public string Description { get; }
        /// <summary>
        /// The SQL that resolves it (for a change that needs a table rebuild: the whole rebuild of that table), or null when
        /// nothing is run (an extra table, column or index is kept).
        /// </summary>
        public string? Sql { get; }
        /// <summary>
        /// True when applying it can neither lose nor rewrite data and needs no table rebuild: <c>EnsureCreated</c> applies these.
        /// Everything else needs <c>OmniSqliteSchema.Migrate</c> (or a change to the entity, see <see cref="Resolution"/>).
        /// </summary>
        public bool IsSafe { get; }
        /// <summary>For an unsafe change: what to do about it. Null for a safe one.</summary>
        public string? Resolution { get; }

        /// <summary>True when <c>Migrate</c> resolves it by rebuilding the table.</summary>
        internal bool NeedsRebuild { get; init; }

        /// <summary>Why <c>Migrate</c> cannot apply it (a new NOT NULL column without default on a table with rows), or null.</summary>
        internal string? Refusal { get; init; }

        public override string ToString() => (IsSafe ? "safe: " : "UNSAFE: ") + Description + (Resolution is null ? "" : " -> " + Resolution);
    }

    /// <summary>
    /// Every difference between a database and the entities' description, from <c>OmniSqliteSchema.Plan(connection)</c>.
    /// Reading it changes nothing.
    /// </summary>
    public sealed class SchemaPlan
    {
        internal SchemaPlan(IReadOnlyList<SchemaChange> changes, string descriptionHash)
        {
            Changes = changes;
            DescriptionHash = descriptionHash;
        }

        public IReadOnlyList<SchemaChange> Changes { get; }

        /// <summary>The hash of the description, recorded in <c>_omnisqlite_schema</c> once the database matches it.</summary>
        public string DescriptionHash { get; }

        /// <summary>The changes <c>EnsureCreated</c> would refuse.</summary>
        public IReadOnlyList<SchemaChange> UnsafeChanges => Changes.Where(c => !c.IsSafe).ToList();

        public bool HasUnsafeChanges => Changes.Any(c => !c.IsSafe);

        /// <summary>True when there is nothing to run (extra tables, columns and indexes that are kept do not count).</summary>
        public bool IsUpToDate => Changes.All(c => c.Sql is null && c.IsSafe);

        public override string ToString()
        {
            if (Changes.Count == 0) return "schema up to date";
            var sb = new StringBuilder();
            foreach (var change in Changes) sb.Append("- ").Append(change).Append('\n');
            return sb.ToString().TrimEnd('\n');
        }
    }

    /// <summary>Options of <c>OmniSqliteSchema.Migrate</c>.</summary>
    public sealed class MigrationOptions
    {
        /// <summary>
        /// Drop database columns that no member writes any more (their data is lost). Default false: they stay, with their
        /// data, and a NOT NULL one without default becomes nullable so that inserts keep working.
        /// </summary>
        public bool DropRemovedColumns { get; set; }
    }

    /// <summary>
    /// A schema change was refused, and nothing was changed: <c>EnsureCreated</c> met a change that is not safe, or
    /// <c>Migrate</c> found values that would not convert, orphan rows, or a NOT NULL column it cannot fill.
    /// </summary>
    public sealed class SchemaMigrationException : InvalidOperationException
    {
        internal SchemaMigrationException(string message, IReadOnlyList<SchemaChange> changes, Exception? inner = null) : base(message, inner)
        {
            Changes = changes;
        }

        /// <summary>The changes that were refused (empty when SQLite itself refused a statement: see the inner exception).</summary>
        public IReadOnlyList<SchemaChange> Changes { get; }
    }
}
