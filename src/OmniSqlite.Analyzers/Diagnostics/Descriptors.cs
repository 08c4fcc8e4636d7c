using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace OmniSqlite.Analyzers.Diagnostics
{
    /// <summary>All diagnostic descriptors in one place. helpLinkUri points to docs/rules/{id}.md.</summary>
    internal static class Descriptors
    {
        // RepositoryInfo is written at build time from RepositoryUrl in Directory.Build.props: the one place the URL is declared.
        public const string HelpLinkBase = RepositoryInfo.Url + "/blob/" + RepositoryInfo.Branch + "/docs/rules/";

        public const string GeneratorCategory = "OmniSqlite.Generator";
        public const string ConnectionCategory = "OmniSqlite.Connection";
        public const string QueryCategory = "OmniSqlite.Query";
        public const string SecurityCategory = "OmniSqlite.Security";

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string? description = null)
            => new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpLinkBase + id + ".md");

        // ---- Connection setup and paths (OSQL001-OSQL004) ----

        public static readonly DiagnosticDescriptor MissingConnectionSetup = Create(RuleIds.MissingConnectionSetup,
            "SQLite connection used without the PRAGMA setup",
            "Connection '{0}' is opened and used without the PRAGMA setup (journal_mode, synchronous, busy_timeout, ...): apply a SqliteProfile after opening it, or open it with SqliteProfile.Open",
            ConnectionCategory, DiagnosticSeverity.Warning,
            "Microsoft.Data.Sqlite sets no PRAGMAs: a bare connection runs with a rollback journal, no busy timeout and no foreign keys. Apply SqliteProfile.Production after Open, or name the project's own factory in omnisqlite.connection_factories.");

        public static readonly DiagnosticDescriptor UnsafePragma = Create(RuleIds.UnsafePragma,
            "PRAGMA value trades durability or safety away",
            "{0}: {1}",
            ConnectionCategory, DiagnosticSeverity.Warning,
            "synchronous=OFF, journal_mode=OFF or MEMORY (and, when enabled, locking_mode=EXCLUSIVE) let a crash or power loss corrupt the database or lock other connections out. Use synchronous=NORMAL with journal_mode=WAL.");

        public static readonly DiagnosticDescriptor NetworkDatabasePath = Create(RuleIds.NetworkDatabasePath,
            "Database path on a network filesystem",
            "Path '{0}' is on a network filesystem: SQLite's locking (and WAL's shared memory) does not work reliably over NFS or SMB, so the database can corrupt; keep it on a local disk or volume",
            ConnectionCategory, DiagnosticSeverity.Warning,
            "UNC paths, //host/share paths, file://host/ URIs and the mount prefixes in omnisqlite.network_path_prefixes are network filesystems.");

        public static readonly DiagnosticDescriptor RelativeDatabasePath = Create(RuleIds.RelativeDatabasePath,
            "Relative database path",
            "Path '{0}' is relative: it resolves against the working directory, which in a container is inside the image and is lost on restart; take the path from configuration and point it at a mounted volume",
            ConnectionCategory, DiagnosticSeverity.Info);

        public static ImmutableArray<DiagnosticDescriptor> ConnectionDescriptors { get; } = ImmutableArray.Create(
            MissingConnectionSetup, UnsafePragma, NetworkDatabasePath, RelativeDatabasePath);

        // ---- Generator (OSQL1xx) ----

        public static readonly DiagnosticDescriptor NoPrimaryKey = Create(RuleIds.NoPrimaryKey,
            "Entity has no primary key",
            "Entity '{0}' has no primary key: mark one member with [PrimaryKey] or name it 'Id'",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedMemberType = Create(RuleIds.UnsupportedMemberType,
            "Unsupported member type",
            "Member '{0}.{1}' has type '{2}', which OmniSqlite cannot store: use a supported type or mark it [Ignore]",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor DuplicateColumn = Create(RuleIds.DuplicateColumn,
            "Two members map to one column",
            "Members '{1}' and '{2}' of '{0}' both map to column '{3}': give one of them another [Column] name",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnknownIndexMember = Create(RuleIds.UnknownIndexMember,
            "Index names a member that does not exist",
            "[Index] on '{0}' names '{1}', which is not a stored member of '{0}': use nameof(...) of a mapped property",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor MultiplePrimaryKeys = Create(RuleIds.MultiplePrimaryKeys,
            "More than one primary key",
            "Entity '{0}' marks more than one member with [PrimaryKey] ({1}): composite keys are not supported, use one key and a unique [Index]",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor AutoIncrementNotInteger = Create(RuleIds.AutoIncrementNotInteger,
            "AutoIncrement on a non-integer key",
            "[AutoIncrement] on '{0}.{1}' needs an integer primary key (long or int), and '{1}' is {2}",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor UnsupportedEntityShape = Create(RuleIds.UnsupportedEntityShape,
            "Entity cannot be generic, abstract, static, a struct or private",
            "Entity '{0}' is {1}: OmniSqlite generates code that creates it, so it must be a non-generic, non-abstract, accessible class or record",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor NoUsableConstructor = Create(RuleIds.NoUsableConstructor,
            "Entity has no usable constructor",
            "Entity '{0}' has no parameterless constructor and no constructor whose parameters all match stored members by name",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor IndexNameCollision = Create(RuleIds.IndexNameCollision,
            "Two indexes, or an index and a table, share a name",
            "Index '{0}' of '{1}' ({2}) has the same name as {3}: SQLite names are case-insensitive and shared by tables and indexes, so only one would be created; give one of them its own Name",
            GeneratorCategory, DiagnosticSeverity.Error,
            "Default index names join table and column names with '_', so tables 'a_b' with column 'c' and 'a' with column 'b_c' both give 'idx_a_b_c'. CREATE INDEX IF NOT EXISTS then skips the second index and its queries scan.");

        public static readonly DiagnosticDescriptor DuplicateTableName = Create(RuleIds.DuplicateTableName,
            "Two entities map to one table",
            "Entity '{0}' maps to table '{3}', which is table '{2}' of entity '{1}' (SQLite table names ignore case): give one of them another [Table] name",
            GeneratorCategory, DiagnosticSeverity.Error,
            "Both entities would create, migrate and write the same table, and inserts of one fail at run time on the other's NOT NULL columns.");

        public static readonly DiagnosticDescriptor GeneratedTypeNameCollision = Create(RuleIds.GeneratedTypeNameCollision,
            "Two entities would generate types of one name",
            "Entity '{0}' would generate '{1}' in namespace '{2}', which is already {3}: rename one of them (a nested entity's generated types start with its containing types' names), so '{0}' gets no generated code until then",
            GeneratorCategory, DiagnosticSeverity.Error,
            "An entity's repository and schema types are named after it, with the names of its containing types in front for a nested type (Outer.Client gives OuterClientRepository). Two entities that come out with one name, or a generated name that is an entity type of the namespace or a type of your code that is not a partial class (a [Query] result record named ClientSchema), would be CS0101 in generated code; the later entity is not generated and this error says why.");

        public static readonly DiagnosticDescriptor IgnoredRequiredMember = Create(RuleIds.IgnoredRequiredMember,
            "An [Ignore]d member is required",
            "Member '{0}.{1}' is 'required' and [Ignore]d: the repository creates '{0}' from a row and cannot set it; remove 'required' or store the member",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor ReferencedTypeNotEntity = Create(RuleIds.ReferencedTypeNotEntity,
            "[References] names a type that is not an entity",
            "[References(typeof({2}))] on '{0}.{1}' names a type that is not an entity of this project: reference a class with [Table] or a [PrimaryKey] member",
            GeneratorCategory, DiagnosticSeverity.Error,
            "A foreign key points at the parent table's primary key, which the generator knows only for the entities it generates.");

        public static readonly DiagnosticDescriptor ForeignKeyTypeMismatch = Create(RuleIds.ForeignKeyTypeMismatch,
            "Foreign key type differs from the parent key",
            "'{0}.{1}' is {2} but references '{3}.{4}', which is {5}: give the member the parent key's type",
            GeneratorCategory, DiagnosticSeverity.Error,
            "SQLite compares a child value with the parent key as stored; a different type stores differently and no row ever matches.");

        public static readonly DiagnosticDescriptor SetNullOnNonNullable = Create(RuleIds.SetNullOnNonNullable,
            "SetNull on a member that cannot be null",
            "'{0}.{1}' is not nullable, so {2} = ForeignKeyAction.SetNull cannot set it to NULL (the parent's DELETE would fail with NOT NULL constraint failed): make the member nullable, or choose another action",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor DecimalStoredAsText = Create(RuleIds.DecimalStoredAsText,
            "decimal stored as TEXT compares as text",
            "'{0}.{1}' is a decimal without a Scale, stored as TEXT: SQL compares and sorts it as text ('10' < '9') and SUM works in floating point; declare [Column(Scale = n)] to store it as an exact scaled INTEGER",
            GeneratorCategory, DiagnosticSeverity.Warning,
            "With [Column(Scale = n)] the column holds value x 10^n as an INTEGER: ORDER BY, <, =, > and SUM agree with C#. Without one the exact text is kept, which only = can compare.");

        public static readonly DiagnosticDescriptor UInt64SortsAsSigned = Create(RuleIds.UInt64SortsAsSigned,
            "ulong above long.MaxValue sorts as negative",
            "'{0}.{1}' is stored as SQLite's signed 64-bit INTEGER: values above long.MaxValue are stored as their bit pattern (negative), so SQL sorts and compares them before 0; use long if the values fit, or suppress OSQL124 if only = is used",
            GeneratorCategory, DiagnosticSeverity.Warning,
            "Equality and the round trip are exact; only <, > and ORDER BY disagree with C# for values of 2^63 and more.");

        public static readonly DiagnosticDescriptor InvalidDecimalScale = Create(RuleIds.InvalidDecimalScale,
            "Column Scale is invalid",
            "[Column(Scale = ...)] on '{0}.{1}': {2}",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor JsonContextMissing = Create(RuleIds.JsonContextMissing,
            "[Json] member without a JsonSerializerContext for its type",
            "[Json] on '{0}.{1}' needs System.Text.Json metadata for '{2}' generated at compile time (AOT-safe, no reflection), and {3}: add [JsonSerializable(typeof({2}))] to a 'partial class AppJsonContext : JsonSerializerContext' in this project (or name it with [Json(typeof(AppJsonContext))])",
            GeneratorCategory, DiagnosticSeverity.Error,
            "A source generator cannot see the code System.Text.Json's generator writes, so the context is found by its [JsonSerializable] attributes.");

        public static readonly DiagnosticDescriptor ConverterInvalid = Create(RuleIds.ConverterInvalid,
            "[Converter] type lacks ToStored/FromStored",
            "[Converter(typeof({2}))] on '{0}.{1}': {3}; declare 'public static S ToStored({4} value)' and 'public static {4} FromStored(S value)' in {2}, S being a type OmniSqlite stores (long, int, double, string, byte[], decimal, DateTime, ...)",
            GeneratorCategory, DiagnosticSeverity.Error);

        public static readonly DiagnosticDescriptor InvalidDefault = Create(RuleIds.InvalidDefault,
            "[Default] value does not fit the member",
            "{2} on '{0}.{1}' {3}: give a constant of the member's type (a string, number or bool)",
            GeneratorCategory, DiagnosticSeverity.Error,
            "[Default] becomes the column's DEFAULT in the DDL, the value existing rows get when the column is added. It must be a constant SQLite can store as the member's column would.");

        // ---- Dialects (OSQL026-OSQL027) ----

        public static readonly DiagnosticDescriptor SqliteOnlySyntax = Create(RuleIds.SqliteOnlySyntax,
            "[Query] SQL uses SQLite-only syntax and has no PostgreSQL form",
            "[Query] '{0}' uses '{1}', which PostgreSQL does not understand: add [Query(..., PostgreSql = \"...\")] with the PostgreSQL statement ({2})",
            QueryCategory, DiagnosticSeverity.Warning,
            "With the PostgreSQL dialect on, each instance or Npgsql [Query] also runs on PostgreSQL: its SQL is rewritten mechanically (parameters, IN lists), which cannot translate SQLite's own functions and clauses. The SQLite method still works; the PostgreSQL one throws NotSupportedException until the override is given.");

        public static readonly DiagnosticDescriptor PostgreSqlPackageMissing = Create(RuleIds.PostgreSqlPackageMissing,
            "The PostgreSQL dialect is on but OmniSqlite.PostgreSql is not referenced",
            "Dialect.PostgreSql needs the OmniSqlite.PostgreSql package (it brings Npgsql): add <PackageReference Include=\"OmniSqlite.PostgreSql\" />, or remove Dialect.PostgreSql from [assembly: OmniSqliteDialects]",
            GeneratorCategory, DiagnosticSeverity.Error,
            "The generated PostgreSQL repositories and EnsureCreated(NpgsqlConnection) compile against Npgsql and the runtime helpers of OmniSqlite.PostgreSql. Without them nothing PostgreSQL is generated.");

        public static ImmutableArray<DiagnosticDescriptor> DialectDescriptors { get; } = ImmutableArray.Create(SqliteOnlySyntax, PostgreSqlPackageMissing);

        public static ImmutableArray<DiagnosticDescriptor> GeneratorDescriptors { get; } = ImmutableArray.Create(
            NoPrimaryKey, UnsupportedMemberType, DuplicateColumn, UnknownIndexMember,
            MultiplePrimaryKeys, AutoIncrementNotInteger, UnsupportedEntityShape, NoUsableConstructor,
            IndexNameCollision, DuplicateTableName, IgnoredRequiredMember, GeneratedTypeNameCollision,
            ReferencedTypeNotEntity, ForeignKeyTypeMismatch, SetNullOnNonNullable, DecimalStoredAsText, UInt64SortsAsSigned, InvalidDecimalScale,
            JsonContextMissing, ConverterInvalid, InvalidDefault);

        // ---- SQL analysis (OSQL010-OSQL014) ----

        public static readonly DiagnosticDescriptor UnindexedColumn = Create(RuleIds.UnindexedColumn,
            "No index serves a WHERE or JOIN column",
            "No index serves {0} in {1}, so SQLite scans every row of '{2}': add an index on {2} ({3})",
            QueryCategory, DiagnosticSeverity.Warning,
            "SQLite's planner reaches a table through an index only when a term constrains the index's leftmost column; without one it reads the whole table for every execution.");

        public static readonly DiagnosticDescriptor IndexDefeated = Create(RuleIds.IndexDefeated,
            "An expression hides an index from the planner",
            "'{0}.{1}' has an index, but {2} keeps SQLite from using it, so it scans every row of '{0}'",
            QueryCategory, DiagnosticSeverity.Warning,
            "A function or arithmetic around an indexed column, a unary '+', a different COLLATE, or LIKE with a leading wildcard makes the planner ignore the column's index.");

        public static readonly DiagnosticDescriptor UnindexedOrderBy = Create(RuleIds.UnindexedOrderBy,
            "No index serves the ORDER BY",
            "ORDER BY {0} is not served by an index, so SQLite sorts the result in a temporary B-tree",
            QueryCategory, DiagnosticSeverity.Info);

        public static readonly DiagnosticDescriptor UnknownSchemaName = Create(RuleIds.UnknownSchemaName,
            "SQL names a table or column the schema does not have",
            "{0} '{1}' does not exist in the known schema{2}",
            QueryCategory, DiagnosticSeverity.Error,
            "The known schema comes from entity classes, CREATE TABLE / CREATE INDEX statements in string literals, and .sql AdditionalFiles.");

        public static readonly DiagnosticDescriptor SqlInjection = Create(RuleIds.SqlInjection,
            "SQL built from non-constant values",
            "SQL text is built from the non-constant value '{0}': pass it as a parameter instead",
            SecurityCategory, DiagnosticSeverity.Warning,
            "Concatenated or interpolated values can inject SQL and defeat the statement cache; bind them as parameters.");

        public static readonly DiagnosticDescriptor UpdateWithoutWhere = Create(RuleIds.UpdateWithoutWhere,
            "UPDATE or DELETE without WHERE",
            "{0} on '{1}' has no WHERE clause, so it changes every row of '{1}': add the WHERE it needs, or write WHERE true when every row is meant",
            QueryCategory, DiagnosticSeverity.Warning,
            "A missing WHERE turns a one-row UPDATE or DELETE into a whole-table one. Writing WHERE true says that every row is meant and silences the rule.");

        public static readonly DiagnosticDescriptor InsertWithoutColumnList = Create(RuleIds.InsertWithoutColumnList,
            "INSERT without a column list",
            "INSERT INTO '{0}' has no column list, so its values bind by position and go to the wrong columns when a column is added or reordered: name the columns{1}",
            QueryCategory, DiagnosticSeverity.Warning,
            "INSERT INTO t VALUES (...) depends on the table's column order at run time; INSERT INTO t (a, b) VALUES (...) does not.");

        public static readonly DiagnosticDescriptor InsertValueCountMismatch = Create(RuleIds.InsertValueCountMismatch,
            "INSERT column and value counts differ",
            "INSERT INTO '{0}' names {1} column(s) ({2}) but gives {3} value(s): SQLite refuses to prepare the statement",
            QueryCategory, DiagnosticSeverity.Error,
            "Every VALUES row (or the SELECT) of an INSERT must give exactly one value per named column.");

        public static readonly DiagnosticDescriptor NullComparison = Create(RuleIds.NullComparison,
            "Comparison with NULL by = or <>",
            "'{0} NULL' is never true, because a comparison with NULL is NULL: write '{1}'",
            QueryCategory, DiagnosticSeverity.Warning,
            "x = NULL and x <> NULL select no row whatever x holds. IS NULL and IS NOT NULL test for NULL.");

        public static readonly DiagnosticDescriptor DoubleQuotedStringLiteral = Create(RuleIds.DoubleQuotedStringLiteral,
            "Double-quoted string literal",
            "\"{0}\" names no column{1}, so SQLite reads it as the string '{0}' (a legacy misfeature that turns into the wrong column when one is named so): write '{0}' in single quotes",
            QueryCategory, DiagnosticSeverity.Warning,
            "Double quotes are for identifiers in SQL. SQLite accepts a double-quoted word that matches no column as a string literal (DQS), which silently changes meaning when a column of that name appears.");

        public static readonly DiagnosticDescriptor UnindexedForeignKey = Create(RuleIds.UnindexedForeignKey,
            "Foreign key column without an index",
            "No index of '{0}' leads with {1}, which REFERENCES '{2}': with foreign_keys=ON every DELETE of a '{2}' row (or change of its key) scans '{0}' for rows that point at it; add CREATE INDEX ... ON {0} ({1})",
            QueryCategory, DiagnosticSeverity.Warning,
            "SQLite does not index foreign key columns by itself. The parent key is indexed (it must be a primary key or unique), the child column is not.");

        public static readonly DiagnosticDescriptor SqlAnalysisFailed = Create(RuleIds.SqlAnalysisFailed,
            "OmniSqlite could not analyse this SQL",
            "OmniSqlite could not analyse this statement ({0}), so its SQL rules did not check it; please report this with the SQL text",
            QueryCategory, DiagnosticSeverity.Warning,
            "An internal error of OmniSqlite's SQL parser or analysis. The build goes on; the statement is simply not checked.");

        // ---- [Query] methods (OSQL020-OSQL025) ----

        public static readonly DiagnosticDescriptor QuerySqlDoesNotParse = Create(RuleIds.QuerySqlDoesNotParse,
            "[Query] SQL does not parse",
            "The SQL of [Query] method '{0}' does not parse: {1}",
            QueryCategory, DiagnosticSeverity.Error,
            "A [Query] holds one SQLite statement as a constant string. Fix the statement; the generated method throws until then.");

        public static readonly DiagnosticDescriptor QueryParameterNotFound = Create(RuleIds.QueryParameterNotFound,
            "SQL parameter has no matching method parameter",
            "SQL parameter '{0}' has no matching parameter in '{1}': add a parameter named '{2}' or rename the SQL parameter",
            QueryCategory, DiagnosticSeverity.Error,
            "Parameters bind by name ($name, @name, :name match a C# parameter or anonymous-object member, case-insensitively). Positional ? parameters cannot be bound by name.");

        public static readonly DiagnosticDescriptor QueryParameterUnused = Create(RuleIds.QueryParameterUnused,
            "Method parameter is not used in the SQL",
            "Parameter '{0}' of '{1}' is not used in the SQL: reference it there or remove it",
            QueryCategory, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor QueryColumnMismatch = Create(RuleIds.QueryColumnMismatch,
            "Result column and result type do not match",
            "{0}",
            QueryCategory, DiagnosticSeverity.Error,
            "Result columns map by name (snake_case to PascalCase, AS aliases honoured) to the members and constructor parameters of the returned type. Every column needs a member, and every required member or constructor parameter needs a column.");

        public static readonly DiagnosticDescriptor QueryColumnTypeMismatch = Create(RuleIds.QueryColumnTypeMismatch,
            "Result column cannot convert to its member",
            "Result column '{0}' ({1}) goes into '{2}' of type '{3}': {4}",
            QueryCategory, DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor QueryShapeMismatch = Create(RuleIds.QueryShapeMismatch,
            "[Query] method shape does not fit the statement",
            "'{0}': {1}",
            QueryCategory, DiagnosticSeverity.Error,
            "List<T>, IReadOnlyList<T>, T, T? and IAsyncEnumerable<T> need a statement that returns rows (SELECT or RETURNING); int counts the rows an INSERT, UPDATE or DELETE changed; void runs anything.");

        public static readonly DiagnosticDescriptor QueryParameterScaleConflict = Create(RuleIds.QueryParameterScaleConflict,
            "Decimal parameter meets columns of different Scale",
            "Parameter '{0}' of '{1}' is bound at Scale {3}, the Scale of '{2}', but is also used with '{4}' (Scale {5}), which stores its values at another scale: use one parameter per column, or give the columns the same Scale",
            QueryCategory, DiagnosticSeverity.Warning,
            "A decimal column with a Scale stores value x 10^Scale as an INTEGER, and a [Query] binds a decimal parameter the same way as the column it is compared with, written to or listed against. One parameter used with two columns of different Scale is bound once, at the first column's Scale, so the comparison with the other column is off by a power of ten.");

        public static ImmutableArray<DiagnosticDescriptor> QueryDescriptors { get; } = ImmutableArray.Create(
            QuerySqlDoesNotParse, QueryParameterNotFound, QueryParameterUnused, QueryColumnMismatch, QueryColumnTypeMismatch, QueryShapeMismatch, QueryParameterScaleConflict);

        public static ImmutableArray<DiagnosticDescriptor> SqlDescriptors { get; } = ImmutableArray.Create(
            UpdateWithoutWhere, InsertWithoutColumnList, InsertValueCountMismatch, NullComparison, DoubleQuotedStringLiteral, UnindexedForeignKey, SqlAnalysisFailed,
            UnindexedColumn, IndexDefeated, UnindexedOrderBy, UnknownSchemaName, SqlInjection);

        /// <summary>Every descriptor of the package; add new ones here (a test checks docs pages and release lines against it).</summary>
        public static ImmutableArray<DiagnosticDescriptor> All { get; } = ConnectionDescriptors.AddRange(SqlDescriptors).AddRange(QueryDescriptors).AddRange(GeneratorDescriptors).AddRange(DialectDescriptors);

        private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = BuildIndex();

        private static Dictionary<string, DiagnosticDescriptor> BuildIndex()
        {
            var map = new Dictionary<string, DiagnosticDescriptor>();
            foreach (var d in All) map[d.Id] = d;
            return map;
        }

        public static DiagnosticDescriptor ById(string id) => s_byId[id];
    }
}
