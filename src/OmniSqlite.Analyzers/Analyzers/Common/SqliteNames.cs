using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OmniSqlite.Analyzers.Analyzers.Common
{
    /// <summary>
    /// Metadata names of the types the connection rules look for. The analyzers never reference the runtime
    /// assembly; they match by name so they work against any version of it (or none).
    /// </summary>
    internal static class SqliteNames
    {
        public const string SqliteNamespace = "Microsoft.Data.Sqlite";
        public const string SqliteConnection = "Microsoft.Data.Sqlite.SqliteConnection";
        public const string SqliteConnectionStringBuilder = "Microsoft.Data.Sqlite.SqliteConnectionStringBuilder";

        public const string OmniSqliteNamespace = "OmniSqlite";
        public const string SqliteProfile = "OmniSqlite.SqliteProfile";
        public const string SqliteSynchronous = "OmniSqlite.SqliteSynchronous";
        public const string SqliteJournalMode = "OmniSqlite.SqliteJournalMode";
        public const string SqliteLockingMode = "OmniSqlite.SqliteLockingMode";

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> s_namespaceParts = new();

        /// <summary>True when the symbol sits in namespace <paramref name="ns"/> or any namespace below it (no allocation per call).</summary>
        public static bool IsInNamespace(ISymbol? symbol, string ns)
        {
            INamespaceSymbol? current = symbol as INamespaceSymbol ?? symbol?.ContainingNamespace;
            if (current is null) return false;
            string[] parts = s_namespaceParts.GetOrAdd(ns, n => n.Split('.'));
            for (INamespaceSymbol? candidate = current; candidate is not null && !candidate.IsGlobalNamespace; candidate = candidate.ContainingNamespace)
            {
                if (IsExactly(candidate, parts)) return true;
            }

            return false;
        }

        private static bool IsExactly(INamespaceSymbol ns, string[] parts)
        {
            INamespaceSymbol? current = ns;
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                if (current is null || current.IsGlobalNamespace || current.Name != parts[i]) return false;
                current = current.ContainingNamespace;
            }

            return current is null || current.IsGlobalNamespace;
        }

        /// <summary>The last simple name of a type as written (<c>Microsoft.Data.Sqlite.SqliteConnection?</c> is <c>SqliteConnection</c>).</summary>
        public static string RightmostName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            NullableTypeSyntax { ElementType: not NullableTypeSyntax } nullable => RightmostName(nullable.ElementType),
            _ => "",
        };

        /// <summary>True when <paramref name="type"/> is <paramref name="target"/> or derives from it.</summary>
        public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? target)
        {
            if (target is null) return false;
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, target)) return true;
            }

            return false;
        }

        /// <summary>True when the type's full metadata name (namespace + name) is <paramref name="fullName"/>.</summary>
        public static bool HasFullName(ITypeSymbol? type, string fullName)
        {
            if (type is null) return false;
            int dot = fullName.LastIndexOf('.');
            return type.Name == fullName.Substring(dot + 1)
                && type.ContainingNamespace?.ToDisplayString() == fullName.Substring(0, dot);
        }
    }
}
