namespace OmniSqlite.Analyzers.Model
{
    /// <summary>How a CLR member type is stored and read. One case per supported type (nullable is a separate flag).</summary>
    internal enum ValueKind
    {
        Boolean, Byte, SByte, Int16, UInt16, Int32, UInt32, Int64, UInt64,
        Single, Double, Decimal, String, ByteArray, Guid,
        DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, Char,
        Enum,
        /// <summary>[Json]: TEXT through System.Text.Json with the project's source-generated context.</summary>
        Json,
    }

    internal enum NamingStyle { SnakeCase = 0, AsIs = 1, CamelCase = 2, LowerCase = 3 }

    /// <summary>One stored member. The parser fills the constructor; <see cref="Parsing.Naming"/> fills the resolved names once.</summary>
    /// <param name="PropertyName">C# member name (as declared, without <c>@</c>).</param>
    /// <param name="ExplicitColumnName">From [Column], else null (the naming convention decides).</param>
    /// <param name="TypeName">Fully qualified C# type without nullability, e.g. <c>global::System.Int64</c> or the enum's name.</param>
    /// <param name="EnumUnderlying">For enums, the underlying integral kind.</param>
    /// <param name="IsNullable">NULL allowed (nullable value type or nullable reference type).</param>
    /// <param name="IsNullableValueType">A <c>T?</c> value type (reads need <c>(T?)</c>).</param>
    /// <param name="Setter">How the member is assigned on materialization.</param>
    /// <param name="ConstructorIndex">Position in the chosen constructor, or -1.</param>
    internal sealed record ColumnModel(
        string PropertyName,
        string? ExplicitColumnName,
        string TypeName,
        ValueKind Kind,
        ValueKind EnumUnderlying,
        bool IsNullable,
        bool IsNullableValueType,
        bool IsPrimaryKey,
        bool IsAutoIncrement,
        bool IsUnique,
        bool IsIndexed,
        string? IndexName,
        bool IndexUnique,
        MemberSetter Setter,
        int ConstructorIndex)
    {
        /// <summary>For decimal: <c>[Column(Scale = n)]</c>, stored as a scaled INTEGER; -1 for none (TEXT).</summary>
        public int Scale { get; init; } = -1;

        /// <summary>[Json]: the JsonSerializerContext (fully qualified) whose <c>Default</c> has the member type's metadata.</summary>
        public string? JsonContext { get; init; }

        /// <summary>[Converter]: the static class (fully qualified) with ToStored/FromStored; <see cref="Kind"/> is then the stored type's.</summary>
        public string? Converter { get; init; }

        /// <summary>[Converter]: the stored type S (fully qualified), read as <see cref="Kind"/>.</summary>
        public string? StoredTypeName { get; init; }

        /// <summary>From [References]: the parent entity and the actions; null for none.</summary>
        public ForeignKeyModel? ForeignKey { get; init; }

        /// <summary>Resolved column name.</summary>
        public string ColumnName { get; init; } = "";

        /// <summary>The SQLite column type the DDL declares (INTEGER, REAL, TEXT, BLOB).</summary>
        public string SqlType { get; init; } = "";

        /// <summary>The member as a C# identifier in generated code (<c>@default</c> for a keyword).</summary>
        public string Identifier { get; init; } = "";

        /// <summary>The DEFAULT from <c>[Default(constant)]</c> as SQL (<c>'open'</c>, <c>0</c>, <c>1.5</c>), or null for none.</summary>
        public string? DefaultSql { get; init; }

        /// <summary>Column names the member had before, from <c>[RenamedFrom]</c>, in declaration order.</summary>
        public EquatableArray<string> PreviousNames { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>SQLite's foreign key actions, as [References] names them (values match <c>OmniSqlite.ForeignKeyAction</c>).</summary>
    internal enum ForeignKeyActionKind { NoAction = 0, Restrict = 1, SetNull = 2, Cascade = 3 }

    /// <summary>
    /// A [References] foreign key. Parsed: the parent's type and its names as declared (explicit [Table] / [Column] or null).
    /// Resolved by <see cref="Parsing.Naming"/>: <see cref="ParentTable"/> and <see cref="ParentColumn"/>.
    /// </summary>
    internal sealed record ForeignKeyModel(
        string ParentTypeName,
        string? ParentExplicitTable,
        string ParentKeyMember,
        string? ParentKeyExplicitColumn,
        ForeignKeyActionKind OnDelete,
        ForeignKeyActionKind OnUpdate)
    {
        public string ParentTable { get; init; } = "";
        public string ParentColumn { get; init; } = "";
    }

    internal enum MemberSetter { Settable = 0, InitOnly = 1, ConstructorOnly = 2 }

    /// <summary>An index. Parsed: a class-level [Index(...)] (name may be null). Resolved: every index of the entity, named.</summary>
    internal sealed record IndexModel(string? ExplicitName, EquatableArray<string> Members, bool IsUnique)
    {
        public string Name { get; init; } = "";
        public EquatableArray<string> ColumnNames { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>
    /// An entity as the generator and the analyzers see it. No symbols, no syntax, no locations: only values, so an
    /// edit that moves the class in its file leaves the model (and the generated source) unchanged.
    /// </summary>
    /// <param name="GeneratedName">Prefix of the generated types (<c>XxxRepository</c>, <c>XxxSchema</c>): the type's name, with the
    /// names of its containing types in front for a nested type, so two nested <c>Client</c>s do not collide.</param>
    /// <param name="MetadataName">Namespace, containing types and name (<c>Shop.Outer.Client</c>): unique per type, used for hint names.</param>
    /// <param name="DeclaredIndexes">The class-level [Index] attributes as written.</param>
    internal sealed record EntityModel(
        string Namespace,
        string TypeName,
        string GeneratedName,
        string MetadataName,
        string FullyQualifiedName,
        string? ExplicitTableName,
        bool IsPublic,
        EquatableArray<ColumnModel> Columns,
        EquatableArray<IndexModel> DeclaredIndexes)
    {
        /// <summary>Resolved table name.</summary>
        public string TableName { get; init; } = "";

        /// <summary>Resolved: every index ([Indexed], [Unique], [Index]) with its final name and columns, in DDL order.</summary>
        public EquatableArray<IndexModel> Indexes { get; init; } = EquatableArray<IndexModel>.Empty;

        /// <summary>Table names the entity had before, from <c>[RenamedFrom]</c> on the class, in declaration order.</summary>
        public EquatableArray<string> PreviousTableNames { get; init; } = EquatableArray<string>.Empty;

        /// <summary>A generated type name (<c>ClientSchema</c>) that a non-partial type of the user's source already has, or null (OSQL111).</summary>
        public string? GeneratedNameTaken { get; init; }

        /// <summary>What holds <see cref="GeneratedNameTaken"/>, for the OSQL111 message.</summary>
        public string? GeneratedNameTakenBy { get; init; }
    }

    /// <summary>Where a parsed entity's parts are, for diagnostics only; never reaches source output.</summary>
    /// <param name="Members">Location of each column, in <see cref="EntityModel.Columns"/> order.</param>
    /// <param name="DeclaredIndexes">Location of each [Index] attribute, in <see cref="EntityModel.DeclaredIndexes"/> order.</param>
    internal sealed record EntityLocations(LocationInfo? Type, EquatableArray<OptionalLocation> Members, EquatableArray<OptionalLocation> DeclaredIndexes)
    {
        /// <summary>Filled on resolution: where each of <see cref="EntityModel.Indexes"/> is declared.</summary>
        public EquatableArray<OptionalLocation> Indexes { get; init; } = EquatableArray<OptionalLocation>.Empty;
    }

    /// <summary>A location that may be missing (metadata symbols), as an equatable element.</summary>
    internal sealed record OptionalLocation(LocationInfo? Value);

    /// <summary>Result of looking at one annotated class: the model (null when it cannot be generated), where it is, and its problems.</summary>
    internal sealed record EntityParseResult(EntityModel? Entity, EntityLocations? Locations, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>Assembly-wide settings: the naming convention and the namespace of <c>OmniSqliteSchema</c>.</summary>
    internal sealed record AssemblySettings(NamingStyle Naming, string SchemaNamespace);
}
