using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace OmniSqlite.Analyzers.Diagnostics
{
    /// <summary>All diagnostic descriptors in one place. helpLinkUri points to docs/rules/{id}.md.</summary>
    internal static class Descriptors
    {
        public const string HelpLinkBase = "https://github.com/omnisqlite/omnisqlite/blob/main/docs/rules/";

        public const string GeneratorCategory = "OmniSqlite.Generator";
        public const string ConnectionCategory = "OmniSqlite.Connection";
        public const string QueryCategory = "OmniSqlite.Query";
        public const string SecurityCategory = "OmniSqlite.Security";

        private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string? description = null)
            => new DiagnosticDescriptor(id, title, message, category, severity, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpLinkBase + id + ".md");

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

        public static ImmutableArray<DiagnosticDescriptor> GeneratorDescriptors { get; } = ImmutableArray.Create(
            NoPrimaryKey, UnsupportedMemberType, DuplicateColumn, UnknownIndexMember,
            MultiplePrimaryKeys, AutoIncrementNotInteger, UnsupportedEntityShape, NoUsableConstructor);

        /// <summary>Every descriptor of the package; add new ones here (a test checks docs pages and release lines against it).</summary>
        public static ImmutableArray<DiagnosticDescriptor> All { get; } = GeneratorDescriptors;

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
