using System;

namespace OmniSqlite
{
    /// <summary>The SQL engines the generated code of an assembly targets.</summary>
    [Flags]
    public enum Dialect
    {
        /// <summary>SQLite through Microsoft.Data.Sqlite (always generated).</summary>
        Sqlite = 1,

        /// <summary>PostgreSQL through Npgsql: needs a reference to the OmniSqlite.PostgreSql package.</summary>
        PostgreSql = 2,
    }

    /// <summary>
    /// <c>[assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]</c>: besides the SQLite repositories, the generator
    /// emits per entity an interface <c>IXxxRepository</c> that both repositories implement, an Npgsql repository
    /// <c>XxxPostgreSqlRepository</c>, PostgreSQL DDL and <c>OmniSqliteSchema.EnsureCreated(NpgsqlConnection)</c>. See docs/postgresql.md.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly, Inherited = false, AllowMultiple = false)]
    public sealed class OmniSqliteDialectsAttribute : Attribute
    {
        public OmniSqliteDialectsAttribute(Dialect dialects) { Dialects = dialects; }

        /// <summary>The engines generated for.</summary>
        public Dialect Dialects { get; }
    }
}
