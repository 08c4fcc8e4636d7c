namespace OmniSqlite.Analyzers.Diagnostics
{
    /// <summary>Every diagnostic id, once. Docs live at docs/rules/{id}.md.</summary>
    internal static class RuleIds
    {
        // Connection setup and paths (analyzers)
        public const string MissingConnectionSetup = "OSQL001";
        public const string UnsafePragma = "OSQL002";
        public const string NetworkDatabasePath = "OSQL003";
        public const string RelativeDatabasePath = "OSQL004";

        // SQL analysis (analyzers)
        public const string UnindexedColumn = "OSQL010";
        public const string IndexDefeated = "OSQL011";
        public const string UnindexedOrderBy = "OSQL012";
        public const string UnknownSchemaName = "OSQL013";
        public const string SqlInjection = "OSQL014";
        public const string UpdateWithoutWhere = "OSQL015";
        public const string InsertWithoutColumnList = "OSQL016";
        public const string InsertValueCountMismatch = "OSQL017";
        public const string NullComparison = "OSQL018";
        public const string DoubleQuotedStringLiteral = "OSQL019";
        public const string UnindexedForeignKey = "OSQL030";
        public const string SqlAnalysisFailed = "OSQL009";

        // [Query] methods (analyzers; the generator emits a throwing body instead)
        public const string QuerySqlDoesNotParse = "OSQL020";
        public const string QueryParameterNotFound = "OSQL021";
        public const string QueryParameterUnused = "OSQL022";
        public const string QueryColumnMismatch = "OSQL023";
        public const string QueryColumnTypeMismatch = "OSQL024";
        public const string QueryShapeMismatch = "OSQL025";
        public const string QueryParameterScaleConflict = "OSQL028";

        // Dialects (issue 18): PostgreSQL
        public const string SqliteOnlySyntax = "OSQL026";
        public const string PostgreSqlPackageMissing = "OSQL027";

        // Generator
        public const string NoPrimaryKey = "OSQL100";
        public const string UnsupportedMemberType = "OSQL101";
        public const string DuplicateColumn = "OSQL102";
        public const string UnknownIndexMember = "OSQL103";
        public const string MultiplePrimaryKeys = "OSQL104";
        public const string AutoIncrementNotInteger = "OSQL105";
        public const string UnsupportedEntityShape = "OSQL106";
        public const string NoUsableConstructor = "OSQL107";
        public const string IndexNameCollision = "OSQL108";
        public const string DuplicateTableName = "OSQL109";
        public const string IgnoredRequiredMember = "OSQL110";
        public const string GeneratedTypeNameCollision = "OSQL111";

        // Generator: foreign keys and stored formats (types)
        public const string ReferencedTypeNotEntity = "OSQL120";
        public const string ForeignKeyTypeMismatch = "OSQL121";
        public const string SetNullOnNonNullable = "OSQL122";
        public const string DecimalStoredAsText = "OSQL123";
        public const string UInt64SortsAsSigned = "OSQL124";
        public const string InvalidDecimalScale = "OSQL125";
        public const string JsonContextMissing = "OSQL127";
        public const string ConverterInvalid = "OSQL128";

        // Generator: schema migration (evolve)
        public const string InvalidDefault = "OSQL126";
    }
}
