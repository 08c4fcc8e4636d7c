using System;

namespace OmniSqlite
{
    /// <summary>
    /// The member's column, or the entity's table, had this name before: <c>EnsureCreated</c> and <c>Migrate</c> rename it
    /// (<c>ALTER TABLE ... RENAME</c>), data kept, instead of adding an empty one. Repeat it for every older name, newest first.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
    public sealed class RenamedFromAttribute : Attribute
    {
        public RenamedFromAttribute(string name) { Name = name; }
        /// <summary>The old column or table name, as it is in the database.</summary>
        public string Name { get; }
    }

    /// <summary>
    /// The column's DEFAULT: a constant string, number or bool of the member's type (<c>[Default("open")]</c>, <c>[Default(0)]</c>,
    /// <c>[Default(true)]</c>). It is what existing rows get when the column is added, so a new NOT NULL member can join a table with rows.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class DefaultAttribute : Attribute
    {
        public DefaultAttribute(object? value) { Value = value; }
        public object? Value { get; }
    }
}
