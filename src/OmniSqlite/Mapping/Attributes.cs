using System;

namespace OmniSqlite
{
    /// <summary>Marks a class as an entity stored in a table. Optional: the default name is the class name in the assembly's naming convention (snake_case).</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class TableAttribute : Attribute
    {
        public TableAttribute() { }
        public TableAttribute(string name) { Name = name; }
        /// <summary>The table name; null means the naming convention decides.</summary>
        public string? Name { get; set; }
    }

    /// <summary>The member is the table's primary key. An integer key is SQLite's rowid and is assigned on insert when it is 0.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class PrimaryKeyAttribute : Attribute { }

    /// <summary>The integer primary key uses AUTOINCREMENT: SQLite never reuses a key, even after the newest row is deleted.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class AutoIncrementAttribute : Attribute { }

    /// <summary>Overrides the column name of a member, and for a decimal declares its scale: <c>[Column(Scale = 2)]</c>.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false, AllowMultiple = false)]
    public sealed class ColumnAttribute : Attribute
    {
        public ColumnAttribute() { }
        public ColumnAttribute(string name) { Name = name; }
        /// <summary>The column name; null means the naming convention decides.</summary>
        public string? Name { get; set; }

        /// <summary>
        /// For a decimal member: the number of decimal places stored (0 to 18). The column is then an INTEGER of the value
        /// times 10^Scale (declared <c>DECIMAL(18,Scale)</c>), so SQL compares, sorts and sums it exactly like C#; a value with
        /// more places is refused at the write. Without a Scale a decimal is stored as TEXT, which compares as text (OSQL123).
        /// </summary>
        public int Scale { get; set; } = -1;
    }

    /// <summary>Creates a single-column index on the member and generates a <c>FindBy</c> method for it.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class IndexedAttribute : Attribute
    {
        public IndexedAttribute() { }
        public IndexedAttribute(string name) { Name = name; }
        /// <summary>The index name; default <c>idx_{table}_{column}</c>.</summary>
        public string? Name { get; set; }
        /// <summary>Create a UNIQUE index.</summary>
        public bool Unique { get; set; }
    }

    /// <summary>A (composite) index over the named members, in order: <c>[Index(nameof(Status), nameof(CreatedAt))]</c>.</summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
    public sealed class IndexAttribute : Attribute
    {
        public IndexAttribute(params string[] members) { Members = members ?? Array.Empty<string>(); }
        /// <summary>Member (property) names, leftmost first.</summary>
        public string[] Members { get; }
        /// <summary>The index name; default <c>idx_{table}_{col1}_{col2}</c>.</summary>
        public string? Name { get; set; }
        /// <summary>Create a UNIQUE index.</summary>
        public bool IsUnique { get; set; }
    }

    /// <summary>The column carries a UNIQUE constraint (served by an automatic index).</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class UniqueAttribute : Attribute { }

    /// <summary>The member is not stored.</summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class IgnoreAttribute : Attribute { }

    /// <summary>What SQLite does to child rows when their parent row is deleted (or its key changes). Needs <c>PRAGMA foreign_keys=ON</c>, which the production profile sets.</summary>
    public enum ForeignKeyAction
    {
        /// <summary>The statement fails if child rows still point at the parent when it ends (SQLite's default).</summary>
        NoAction = 0,
        /// <summary>The statement fails at once if child rows point at the parent.</summary>
        Restrict = 1,
        /// <summary>The child's column is set to NULL (the member must be nullable).</summary>
        SetNull = 2,
        /// <summary>Deleting the parent deletes its children; changing the parent's key changes theirs.</summary>
        Cascade = 3,
    }

    /// <summary>
    /// The member holds the primary key of another entity: <c>[References(typeof(Client), OnDelete = ForeignKeyAction.Cascade)]</c>.
    /// The column gets <c>REFERENCES parent(key)</c>, an index (unless an index already leads with it), and a generated <c>FindBy</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class ReferencesAttribute : Attribute
    {
        public ReferencesAttribute(Type entity) { Entity = entity; }
        /// <summary>The parent entity (a class with [Table] or a [PrimaryKey] member of this project).</summary>
        public Type Entity { get; }
        /// <summary>What happens to this row when the parent is deleted; default NoAction (the delete fails while children exist).</summary>
        public ForeignKeyAction OnDelete { get; set; }
        /// <summary>What happens to this row when the parent's key changes; default NoAction.</summary>
        public ForeignKeyAction OnUpdate { get; set; }
    }

    /// <summary>
    /// Stores the member, of any type, as JSON TEXT through System.Text.Json with source-generated metadata (no reflection,
    /// AOT-safe). The project declares a context that lists the type: <c>[JsonSerializable(typeof(T))] partial class AppJson :
    /// JsonSerializerContext { }</c>; the generator finds it, or takes the one named here: <c>[Json(typeof(AppJson))]</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class JsonAttribute : Attribute
    {
        public JsonAttribute() { }
        public JsonAttribute(Type context) { Context = context; }
        /// <summary>The JsonSerializerContext to use; null: the one in the project that declares [JsonSerializable(typeof(T))] for the member's type.</summary>
        public Type? Context { get; }
    }

    /// <summary>
    /// Stores the member through a converter: a static class with <c>public static S ToStored(T value)</c> and
    /// <c>public static T FromStored(S value)</c>, where T is the member's type and S a type OmniSqlite stores
    /// (long, int, double, string, byte[], decimal, DateTime, ...). The column is S's column; FindBy and [Index] work on it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false, AllowMultiple = false)]
    public sealed class ConverterAttribute : Attribute
    {
        public ConverterAttribute(Type converter) { Converter = converter; }
        /// <summary>The static class holding ToStored and FromStored.</summary>
        public Type Converter { get; }
    }

    /// <summary>How table and column names are derived from class and member names.</summary>
    public enum NamingConvention
    {
        /// <summary><c>CreatedAt</c> → <c>created_at</c> (default).</summary>
        SnakeCase = 0,
        /// <summary>Names as written in C#.</summary>
        AsIs = 1,
        /// <summary><c>CreatedAt</c> → <c>createdAt</c>.</summary>
        CamelCase = 2,
        /// <summary><c>CreatedAt</c> → <c>createdat</c>.</summary>
        LowerCase = 3,
    }

    /// <summary>Chooses the naming convention for every entity in the assembly: <c>[assembly: OmniSqliteNaming(NamingConvention.AsIs)]</c>.</summary>
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false, AllowMultiple = false)]
    public sealed class OmniSqliteNamingAttribute : Attribute
    {
        public OmniSqliteNamingAttribute(NamingConvention convention) { Convention = convention; }
        public NamingConvention Convention { get; }
    }
}
