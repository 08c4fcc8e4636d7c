using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>
    /// Reads <c>[assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]</c>. The source outputs see only
    /// <see cref="PostgreSqlDialect.Emit"/> (a bool), so the pipeline stays cached; the location goes to the diagnostic output.
    /// </summary>
    internal static class DialectSetting
    {
        private const string DialectsAttribute = "OmniSqlite.OmniSqliteDialectsAttribute";

        /// <summary>The value of <c>Dialect.PostgreSql</c>.</summary>
        private const int PostgreSqlFlag = 2;

        /// <summary>The runtime helpers the generated PostgreSQL code calls (package OmniSqlite.PostgreSql, which brings Npgsql).</summary>
        internal const string PostgreSqlRuntimeType = "OmniSqlite.PostgreSql.PostgreSqlSchema";
        private const string NpgsqlConnectionType = "Npgsql.NpgsqlConnection";

        /// <summary>The assembly asks for the PostgreSQL dialect (whether or not its package is referenced).</summary>
        public static bool IsPostgreSqlRequested(IAssemblySymbol assembly)
        {
            foreach (var a in assembly.GetAttributes())
                if (a.AttributeClass?.ToDisplayString() == DialectsAttribute)
                    return a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int flags && (flags & PostgreSqlFlag) != 0;
            return false;
        }

        public static PostgreSqlDialect Read(Compilation compilation)
        {
            if (!AssemblySettingSyntax.MayDeclare(compilation)) return PostgreSqlDialect.Off;
            foreach (var a in compilation.Assembly.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() != DialectsAttribute) continue;
                if (a.ConstructorArguments.Length != 1 || a.ConstructorArguments[0].Value is not int flags || (flags & PostgreSqlFlag) == 0) break;
                bool referenced = compilation.GetTypeByMetadataName(PostgreSqlRuntimeType) is not null
                    && compilation.GetTypeByMetadataName(NpgsqlConnectionType) is not null;
                return new PostgreSqlDialect(true, referenced, LocationInfo.From(a.ApplicationSyntaxReference?.GetSyntax().GetLocation()));
            }
            return PostgreSqlDialect.Off;
        }
    }

    /// <summary>Whether the PostgreSQL dialect is on, and whether its packages are there to compile the code against.</summary>
    internal sealed record PostgreSqlDialect(bool Requested, bool Referenced, LocationInfo? Attribute)
    {
        public static PostgreSqlDialect Off { get; } = new PostgreSqlDialect(false, false, null);

        /// <summary>Emit PostgreSQL code: asked for, and it would compile (else OSQL027 says what to reference).</summary>
        public bool Emit => Requested && Referenced;
    }
}
