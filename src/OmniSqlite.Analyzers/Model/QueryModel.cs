namespace OmniSqlite.Analyzers.Model
{
    // The [Query] pipeline's models: what a partial method asks for (QueryMethodModel, read from symbols) and what the
    // generator will write for it (QueryMethodSpec, resolved against the schema). Values only: no symbols, no locations.

    /// <summary>What a method parameter is for.</summary>
    internal enum QueryParameterRole { Value = 0, Collection = 1, Connection = 2, Transaction = 3, CancellationToken = 4, Unsupported = 5 }

    /// <summary>A C# value as the generator binds or reads it (the same conversions as the entity repositories).</summary>
    /// <param name="TypeName">Fully qualified type without nullability.</param>
    internal sealed record QueryValueType(string TypeName, ValueKind Kind, ValueKind EnumUnderlying, bool IsNullable, bool IsNullableValueType);

    /// <param name="Name">C# parameter name as declared (without @).</param>
    /// <param name="TypeText">The declared type as it must be repeated in the implementation (fully qualified, nullable annotated).</param>
    /// <param name="Value">For Value and Collection (the element) roles.</param>
    /// <param name="RefKind">"", "ref ", "out ", "in " (anything but "" is unsupported).</param>
    internal sealed record QueryParameterModel(string Name, string TypeText, QueryParameterRole Role, QueryValueType? Value, string RefKind);

    /// <summary>How the method hands back its result.</summary>
    internal enum QueryShape
    {
        /// <summary>void / Task / ValueTask: run it.</summary>
        Execute = 0,
        /// <summary>List&lt;T&gt;.</summary>
        List = 1,
        /// <summary>IReadOnlyList&lt;T&gt;.</summary>
        ReadOnlyList = 2,
        /// <summary>T: exactly one row.</summary>
        Single = 3,
        /// <summary>T?: first row or null.</summary>
        FirstOrNull = 4,
        /// <summary>IAsyncEnumerable&lt;T&gt;.</summary>
        Stream = 5,
        /// <summary>The return type is none of the above.</summary>
        Unsupported = 6,
    }

    internal enum QueryAsync { None = 0, Task = 1, ValueTask = 2 }

    /// <summary>A member (property) or constructor parameter of a row type that a result column can fill.</summary>
    /// <param name="Name">Member name (or constructor parameter name).</param>
    /// <param name="ColumnName">From [Column] on the member, else null.</param>
    /// <param name="ConstructorIndex">Position in the chosen constructor, or -1 for a property set in the initializer.</param>
    /// <param name="Required">Must get a column: a constructor parameter without default, or a <c>required</c> member.</param>
    /// <param name="Value">Null when the member's type is not one OmniSqlite can read.</param>
    internal sealed record QueryMember(string Name, string? ColumnName, int ConstructorIndex, bool Required, QueryValueType? Value, string TypeDisplay);

    internal enum QueryRowKind { Scalar = 0, Object = 1, Tuple = 2, Unsupported = 3 }

    /// <summary>The T of a row-returning shape.</summary>
    /// <param name="TypeName">Fully qualified, without a trailing nullable annotation.</param>
    /// <param name="Scalar">For <see cref="QueryRowKind.Scalar"/>.</param>
    /// <param name="Members">Constructor parameters first (in order), then settable members; tuple elements in order.</param>
    internal sealed record QueryRowType(QueryRowKind Kind, string TypeName, string Display, bool IsValueType, QueryValueType? Scalar,
        int ConstructorArity, EquatableArray<QueryMember> Members);

    /// <summary>One [Query] method as declared.</summary>
    /// <param name="Signature">The declaration line without the parameter list, e.g. <c>public static partial global::System.Int32 Rename</c>.</param>
    /// <param name="ReturnTypeText">Return type as declared (fully qualified).</param>
    /// <param name="Sql">The attribute's SQL, or null when it is not a constant.</param>
    /// <param name="IsStatic">Static method (needs a connection parameter).</param>
    /// <param name="Problem">A declaration problem found while reading (not partial, generic, ...), or null.</param>
    internal sealed record QueryMethodModel(
        string Name,
        string Signature,
        string ReturnTypeText,
        string? Sql,
        bool IsStatic,
        QueryShape Shape,
        QueryAsync Async,
        bool ReturnsNullable,
        QueryRowType? Row,
        EquatableArray<QueryParameterModel> Parameters,
        string? Problem)
    {
        /// <summary><c>[Query(..., PostgreSql = "...")]</c>: the statement the PostgreSQL repository runs instead of the rewrite; null for none.</summary>
        public string? PostgreSqlOverride { get; init; }

        /// <summary>A static method whose first parameter is an <c>NpgsqlConnection</c>: it runs its PostgreSQL form only.</summary>
        public bool OnNpgsql { get; init; }
    }

    /// <summary>A type that holds [Query] methods, with the chain of containing types (outermost first).</summary>
    /// <param name="Declarations">e.g. <c>partial class Outer</c>, <c>static partial class Queries</c> (outermost first).</param>
    /// <param name="RepositoryEntity">For a class named XxxRepository: the fully qualified name the entity Xxx would have.</param>
    internal sealed record QueryClassModel(string Namespace, string HintName, EquatableArray<string> Declarations, string? RepositoryEntity,
        EquatableArray<QueryMethodModel> Methods);

    /// <summary>One SQL parameter of the final statement text and the method parameter that feeds it.</summary>
    /// <param name="SqlName">As written in the SQL ($id, @id, :id).</param>
    /// <param name="Parameter">The C# parameter name.</param>
    internal sealed record QueryBinding(string SqlName, string Parameter, bool IsCollection, QueryValueType Value)
    {
        /// <summary>A decimal the SQL compares with (or writes to) an entity's <c>DECIMAL(18,n)</c> column: bound as that column stores it, value x 10^n; else -1.</summary>
        public int Scale { get; init; } = -1;
    }

    /// <summary>A result column read by ordinal into a member (or the scalar / tuple element), ordinal = its position.</summary>
    internal sealed record QueryRead(int Ordinal, string Member, int ConstructorIndex, QueryValueType Value)
    {
        /// <summary>A decimal read from an entity's <c>DECIMAL(18,n)</c> column (a scaled INTEGER): n; else -1.</summary>
        public int Scale { get; init; } = -1;
    }

    /// <summary>What the generator writes for one method: resolved against the schema. <see cref="Error"/> set: a body that throws.</summary>
    /// <param name="Sql">The statement as sent to SQLite (stars expanded, IN lists through json_each).</param>
    /// <param name="Returns">The statement returns rows (SELECT, or RETURNING).</param>
    /// <param name="Operation">The statement's verb for telemetry (<c>db.operation.name</c>): SELECT, INSERT, UPDATE, DELETE, PRAGMA, ...</param>
    /// <param name="Collection">The table it reads or changes (<c>db.collection.name</c>): the target, or the first FROM table; empty when none.</param>
    internal sealed record QueryMethodSpec(QueryMethodModel Method, string Sql, bool Returns, EquatableArray<QueryBinding> Bindings,
        EquatableArray<QueryRead> Reads, string? Error, string Operation = "", string Collection = "")
    {
        /// <summary>With the PostgreSQL dialect, for a repository's instance method: what its PostgreSQL twin runs; else null.</summary>
        public PostgreSqlQuery? PostgreSql { get; init; }

        /// <summary>A SELECT's constant <c>LIMIT n</c> (1 to 64): a list result is created with that capacity, so it never grows; else -1.</summary>
        public int RowLimit { get; init; } = -1;
    }

    /// <summary>
    /// A [Query]'s PostgreSQL form: the override, or the SQLite text rewritten (parameters as <c>@name</c>, IN lists as
    /// <c>= ANY(@name)</c>, stars expanded); bindings by Npgsql parameter name (<see cref="QueryBinding.SqlName"/> without @).
    /// </summary>
    /// <param name="Unsupported">Set when the SQLite text uses SQLite-only syntax and there is no override (OSQL026): the method throws this.</param>
    internal sealed record PostgreSqlQuery(string Sql, EquatableArray<QueryBinding> Bindings, string? Unsupported);

    /// <summary>The generated file for one class.</summary>
    internal sealed record QueryClassSpec(QueryClassModel Class, bool IsRepository, EquatableArray<QueryMethodSpec> Methods);
}
