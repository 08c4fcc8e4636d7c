using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
            if (!AssemblySettingSyntax.MayDeclare(compilation)) return new AssemblySettings(style, SchemaNamespace(compilation.AssemblyName));
            foreach (var a in compilation.Assembly.GetAttributes())
            {
                if (a.AttributeClass?.ToDisplayString() == NamingAttribute && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int v)
                    style = (NamingStyle)v;
            }
            return new AssemblySettings(style, SchemaNamespace(compilation.AssemblyName));
        }

        /// <summary>
        /// Decides every name once: table, columns, SQL types, C# identifiers and index names. Reports two members
        /// mapped to one column (the model is then dropped). Emitting and the analyzers' schema only read these fields.
        /// </summary>
        public static EntityParseResult Resolve(EntityParseResult parsed, AssemblySettings settings)
        {
            if (parsed.Entity is null) return parsed;
            var entity = Resolve(parsed.Entity, settings, parsed.Locations, out var problems, out var indexLocations);
            if (problems.Count > 0) return new EntityParseResult(null, null, parsed.Diagnostics.Concat(problems).ToEquatableArray());
            return new EntityParseResult(entity, parsed.Locations! with { Indexes = indexLocations.ToEquatableArray() }, parsed.Diagnostics);
        }

        public static EntityModel Resolve(EntityModel entity, AssemblySettings settings) => Resolve(entity, settings, null, out _, out _);

        private static EntityModel Resolve(EntityModel entity, AssemblySettings settings, EntityLocations? locations,
            out List<DiagnosticInfo> problems, out List<OptionalLocation> indexLocations)
        {
            problems = new List<DiagnosticInfo>();
            indexLocations = new List<OptionalLocation>();
            var table = entity.ExplicitTableName ?? Apply(entity.TypeName, settings.Naming);
            var columns = new List<ColumnModel>();
            var origin = new List<int>(); // each kept column's position in the parsed list (for its location)
            var byName = new Dictionary<string, ColumnModel>(StringComparer.OrdinalIgnoreCase);
            var byMember = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < entity.Columns.Length; i++)
            {
                var c = entity.Columns[i];
                var resolved = c with
                {
                    ColumnName = c.ExplicitColumnName ?? Apply(c.PropertyName, settings.Naming),
                    SqlType = SqlType(c.Kind, c.Scale),
                    Identifier = Identifier(c.PropertyName),
                    ForeignKey = c.ForeignKey is not { } fk ? null : fk with
                    {
                        ParentTable = fk.ParentExplicitTable ?? Apply(fk.ParentTypeName, settings.Naming),
                        ParentColumn = fk.ParentKeyExplicitColumn ?? Apply(fk.ParentKeyMember, settings.Naming),
                    },
                };
                byMember[c.PropertyName] = resolved.ColumnName;
                if (byName.TryGetValue(resolved.ColumnName, out var other))
                {
                    problems.Add(new DiagnosticInfo(RuleIds.DuplicateColumn, MemberLocation(locations, i),
                        new[] { entity.TypeName, other.PropertyName, resolved.PropertyName, resolved.ColumnName }.ToEquatableArray()));
                    continue;
                }
                byName[resolved.ColumnName] = resolved;
                columns.Add(resolved);
                origin.Add(i);
            }

            // Index names are made here and nowhere else: [Indexed] and [Unique] per column first, then class-level [Index].
            var indexes = new List<IndexModel>();
            for (int i = 0; i < columns.Count; i++)
            {
                var c = columns[i];
                if (c.IsPrimaryKey || (!c.IsIndexed && !c.IsUnique)) continue;
                var name = c.IsIndexed ? c.IndexName ?? "idx_" + table + "_" + c.ColumnName : "ux_" + table + "_" + c.ColumnName;
                indexes.Add(new IndexModel(c.IndexName, new[] { c.PropertyName }.ToEquatableArray(), c.IsUnique || c.IndexUnique)
                {
                    Name = name,
                    ColumnNames = new[] { c.ColumnName }.ToEquatableArray(),
                });
                indexLocations.Add(new OptionalLocation(MemberLocation(locations, origin[i])));
            }
            for (int i = 0; i < entity.DeclaredIndexes.Length; i++)
            {
                var index = entity.DeclaredIndexes[i];
                // A member that lost its column to a duplicate is reported above (OSQL102); no exception here.
                var names = new List<string>();
                foreach (var m in index.Members) if (byMember.TryGetValue(m, out var column)) names.Add(column);
                indexes.Add(index with
                {
                    Name = index.ExplicitName ?? "idx_" + table + "_" + string.Join("_", names),
                    ColumnNames = names.ToEquatableArray(),
                });
                indexLocations.Add(new OptionalLocation(locations is not null && i < locations.DeclaredIndexes.Length ? locations.DeclaredIndexes[i].Value : locations?.Type));
            }

            // A foreign key gets an index by construction (every parent DELETE would otherwise scan this table), unless one leads with it.
            for (int i = 0; i < columns.Count; i++)
            {
                var c = columns[i];
                if (c.ForeignKey is null || c.IsPrimaryKey || indexes.Any(x => x.ColumnNames.Length > 0 && string.Equals(x.ColumnNames[0], c.ColumnName, StringComparison.OrdinalIgnoreCase))) continue;
                indexes.Add(new IndexModel(null, new[] { c.PropertyName }.ToEquatableArray(), false)
                {
                    Name = "idx_" + table + "_" + c.ColumnName,
                    ColumnNames = new[] { c.ColumnName }.ToEquatableArray(),
                });
                indexLocations.Add(new OptionalLocation(MemberLocation(locations, origin[i])));
            }

            return entity with { TableName = table, Columns = columns.ToEquatableArray(), Indexes = indexes.ToEquatableArray() };
        }

        private static LocationInfo? MemberLocation(EntityLocations? locations, int member)
            => locations is null ? null : member >= 0 && member < locations.Members.Length ? locations.Members[member].Value : locations.Type;

        /// <summary>
        /// The SQLite type the DDL declares for a kind: integers (enums, bool, ulong) and TimeSpan (ticks) INTEGER, floats REAL,
        /// bytes and Guid BLOB, a decimal with a scale DECIMAL(18,scale) (a scaled integer), DateTimeOffset TEXT_UTC (UTC text,
        /// TEXT affinity), the rest TEXT. A stored format that changes changes the declared type, so schema drift shows it as a retype.
        /// </summary>
        public static string SqlType(ValueKind kind, int scale = -1) => kind switch
        {
            ValueKind.Boolean or ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 or ValueKind.UInt16 or ValueKind.Int32
                or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum or ValueKind.TimeSpan => "INTEGER",
            ValueKind.Decimal when scale >= 0 => "DECIMAL(18," + scale.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")",
            ValueKind.DateTimeOffset => "TEXT_UTC",
            ValueKind.Single or ValueKind.Double => "REAL",
            ValueKind.ByteArray or ValueKind.Guid => "BLOB",
            _ => "TEXT",
        };

        /// <summary>A member name usable in generated C#: keywords get <c>@</c> (<c>@default</c>).</summary>
        public static string Identifier(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

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
