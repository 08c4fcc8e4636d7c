using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>Applies the assembly's naming convention to a parsed entity: table, column and index names.</summary>
    internal static class Naming
    {
        private const string NamingAttribute = "OmniSqlite.OmniSqliteNamingAttribute";

        /// <summary>Reads <c>[assembly: OmniSqliteNaming(...)]</c> and the namespace for <c>OmniSqliteSchema</c>.</summary>
        public static AssemblySettings ReadSettings(Compilation compilation)
        {
            var style = NamingStyle.SnakeCase;
            foreach (var a in compilation.Assembly.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() == NamingAttribute && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int v)
                    style = (NamingStyle)v;
            }
            return new AssemblySettings(style, SchemaNamespace(compilation.AssemblyName));
        }

        /// <summary>Fills names; reports two members mapped to one column (the model is then dropped).</summary>
        public static EntityParseResult Resolve(EntityParseResult parsed, AssemblySettings settings)
        {
            if (parsed.Entity is null) return parsed;
            var entity = Resolve(parsed.Entity, settings, out var duplicates);
            if (duplicates.Count == 0) return new EntityParseResult(entity, parsed.Diagnostics);
            return new EntityParseResult(null, parsed.Diagnostics.Concat(duplicates).ToEquatableArray());
        }

        public static EntityModel Resolve(EntityModel entity, AssemblySettings settings) => Resolve(entity, settings, out _);

        private static EntityModel Resolve(EntityModel entity, AssemblySettings settings, out List<DiagnosticInfo> duplicates)
        {
            duplicates = new List<DiagnosticInfo>();
            var table = entity.ExplicitTableName ?? Apply(entity.TypeName, settings.Naming);
            var columns = new List<ColumnModel>();
            var byName = new Dictionary<string, ColumnModel>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in entity.Columns)
            {
                var resolved = c with { ColumnName = c.ExplicitColumnName ?? Apply(c.PropertyName, settings.Naming) };
                if (byName.TryGetValue(resolved.ColumnName, out var other))
                {
                    duplicates.Add(new DiagnosticInfo(RuleIds.DuplicateColumn, resolved.Location,
                        new[] { entity.TypeName, other.PropertyName, resolved.PropertyName, resolved.ColumnName }.ToEquatableArray()));
                    continue;
                }
                byName[resolved.ColumnName] = resolved;
                columns.Add(resolved);
            }

            var indexes = new List<IndexModel>();
            foreach (var index in entity.Indexes)
            {
                var names = index.Members.Select(m => columns.First(c => c.PropertyName == m).ColumnName).ToEquatableArray();
                indexes.Add(index with
                {
                    Name = index.ExplicitName ?? "idx_" + table + "_" + string.Join("_", names),
                    ColumnNames = names,
                });
            }

            return entity with { TableName = table, Columns = columns.ToEquatableArray(), Indexes = indexes.ToEquatableArray() };
        }

        public static string Apply(string name, NamingStyle style) => style switch
        {
            NamingStyle.AsIs => name,
            NamingStyle.CamelCase => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1),
            NamingStyle.LowerCase => name.ToLowerInvariant(),
            _ => ToSnakeCase(name),
        };

        /// <summary><c>CreatedAt</c> → <c>created_at</c>, <c>HTTPStatus</c> → <c>http_status</c>, <c>Sha256Hash</c> → <c>sha256_hash</c>.</summary>
        public static string ToSnakeCase(string name)
        {
            var sb = new StringBuilder(name.Length + 8);
            for (int i = 0; i < name.Length; i++)
            {
                char ch = name[i];
                if (char.IsUpper(ch))
                {
                    bool prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    bool acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if (sb.Length > 0 && sb[sb.Length - 1] != '_' && (prevLowerOrDigit || acronymEnd)) sb.Append('_');
                    sb.Append(char.ToLowerInvariant(ch));
                }
                else sb.Append(ch);
            }
            return sb.ToString();
        }

        private static string SchemaNamespace(string? assemblyName)
        {
            if (string.IsNullOrEmpty(assemblyName)) return "OmniSqliteGenerated";
            var parts = assemblyName!.Split('.')
                .Select(p => new string(p.Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_').ToArray()))
                .Where(p => p.Length > 0)
                .Select(p => char.IsDigit(p[0]) ? "_" + p : p);
            var ns = string.Join(".", parts);
            return ns.Length == 0 ? "OmniSqliteGenerated" : ns;
        }
    }
}
