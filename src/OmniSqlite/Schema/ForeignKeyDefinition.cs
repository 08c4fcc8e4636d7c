using System;

namespace OmniSqlite.Schema
{
    /// <summary>
    /// A foreign key of a generated table, from <c>[References]</c>: the child column, the parent table and key, and the
    /// actions as SQLite spells them (<c>NO ACTION</c>, <c>RESTRICT</c>, <c>SET NULL</c>, <c>CASCADE</c>), as
    /// <c>pragma_foreign_key_list</c> reports them, so schema drift can compare the two.
    /// </summary>
    public sealed class ForeignKeyDefinition
    {
        public ForeignKeyDefinition(string column, string parentTable, string parentColumn, string onDelete, string onUpdate)
        {
            Column = column ?? throw new ArgumentNullException(nameof(column));
            ParentTable = parentTable ?? throw new ArgumentNullException(nameof(parentTable));
            ParentColumn = parentColumn ?? throw new ArgumentNullException(nameof(parentColumn));
            OnDelete = onDelete ?? throw new ArgumentNullException(nameof(onDelete));
            OnUpdate = onUpdate ?? throw new ArgumentNullException(nameof(onUpdate));
        }

        /// <summary>The child column.</summary>
        public string Column { get; }
        public string ParentTable { get; }
        /// <summary>The parent's primary key column.</summary>
        public string ParentColumn { get; }
        /// <summary><c>NO ACTION</c>, <c>RESTRICT</c>, <c>SET NULL</c> or <c>CASCADE</c>.</summary>
        public string OnDelete { get; }
        /// <summary><c>NO ACTION</c>, <c>RESTRICT</c>, <c>SET NULL</c> or <c>CASCADE</c>.</summary>
        public string OnUpdate { get; }

        public override string ToString() => Column + " REFERENCES " + ParentTable + " (" + ParentColumn + ") ON DELETE " + OnDelete + " ON UPDATE " + OnUpdate;
    }
}
