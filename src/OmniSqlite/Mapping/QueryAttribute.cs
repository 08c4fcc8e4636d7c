using System;

namespace OmniSqlite
{
    /// <summary>
    /// The generator implements this partial method with the SQL given: parameters bind by name (<c>$name</c>, <c>@name</c>,
    /// <c>:name</c> match the method's parameters, case-insensitively), result columns map by name to the members or
    /// constructor parameters of the returned type, and the analyzers check both against the schema (OSQL020-OSQL025).
    /// Put it on a <c>static partial</c> method whose first parameter is a <c>SqliteConnection</c> (an optional
    /// <c>SqliteTransaction?</c> parameter runs it in that transaction), or on an instance partial method of a
    /// <c>partial class XxxRepository</c> (it uses the repository's connection and transaction). See docs/queries.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
    public sealed class QueryAttribute : Attribute
    {
        public QueryAttribute(string sql) { Sql = sql; }

        /// <summary>One SQLite statement.</summary>
        public string Sql { get; }

        /// <summary>
        /// With <c>[assembly: OmniSqliteDialects(... | Dialect.PostgreSql)]</c>: the statement the PostgreSQL repository runs instead
        /// of the mechanical rewrite of <see cref="Sql"/> (parameters as <c>@name</c>, the same names). Null: rewrite <see cref="Sql"/>.
        /// </summary>
        public string? PostgreSql { get; set; }
    }
}
