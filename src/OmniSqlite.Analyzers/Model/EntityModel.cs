namespace OmniSqlite.Analyzers.Model
{
    /// <summary>How a CLR member type is stored and read. One case per supported type (nullable is a separate flag).</summary>
    internal enum ValueKind
    {
        Boolean, Byte, SByte, Int16, UInt16, Int32, UInt32, Int64, UInt64,
        Single, Double, Decimal, String, ByteArray, Guid,
        DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, Char,
        Enum,
    }

    internal enum NamingStyle { SnakeCase = 0, AsIs = 1, CamelCase = 2, LowerCase = 3 }

    /// <summary>One stored member.</summary>
    /// <param name="PropertyName">C# member name.</param>
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
        int ConstructorIndex,
        LocationInfo? Location)
    {
        /// <summary>Resolved column name (filled by <see cref="Parsing.Naming"/> once the convention is known).</summary>
        public string ColumnName { get; init; } = "";
    }

    internal enum MemberSetter { Settable = 0, InitOnly = 1, ConstructorOnly = 2 }

    /// <summary>A class-level [Index(...)].</summary>
    internal sealed record IndexModel(string? ExplicitName, EquatableArray<string> Members, bool IsUnique)
    {
        public string Name { get; init; } = "";
        public EquatableArray<string> ColumnNames { get; init; } = EquatableArray<string>.Empty;
    }

    /// <summary>An entity as the generator and the analyzers see it. No symbols, no syntax: only values.</summary>
    internal sealed record EntityModel(
        string Namespace,
        string TypeName,
        string FullyQualifiedName,
        string? ExplicitTableName,
        bool IsPublic,
        EquatableArray<ColumnModel> Columns,
        EquatableArray<IndexModel> Indexes,
        LocationInfo? Location)
    {
        public string TableName { get; init; } = "";
    }

    /// <summary>Result of looking at one annotated class: the model (null when it cannot be generated) and its problems.</summary>
    internal sealed record EntityParseResult(EntityModel? Entity, EquatableArray<DiagnosticInfo> Diagnostics);

    /// <summary>Assembly-wide settings: the naming convention and the namespace of <c>OmniSqliteSchema</c>.</summary>
    internal sealed record AssemblySettings(NamingStyle Naming, string SchemaNamespace);
}
