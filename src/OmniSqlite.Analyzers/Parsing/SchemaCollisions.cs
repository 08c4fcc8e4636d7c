using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Parsing
{
    /// <summary>
    /// Checks across all entities of the assembly: SQLite table and index names share one case-insensitive namespace,
    /// so two entities on tables <c>dup</c> and <c>DUP</c>, or two indexes that come out with one name, silently become
    /// one object. Both are build errors (OSQL109, OSQL108). Linear in the number of tables and indexes.
    /// </summary>
    internal static class SchemaCollisions
    {
        public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<EntityParseResult> resolved)
        {
            var problems = new List<DiagnosticInfo>();
            var entities = resolved.Where(r => r.Entity is not null).OrderBy(r => r.Entity!.MetadataName, StringComparer.Ordinal).ToList();

            var tables = new Dictionary<string, EntityModel>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in entities)
            {
                var e = r.Entity!;
                if (tables.TryGetValue(e.TableName, out var first))
                    problems.Add(new DiagnosticInfo(RuleIds.DuplicateTableName, r.Locations?.Type,
                        new[] { e.TypeName, first.TypeName, first.TableName, e.TableName }.ToEquatableArray()));
                else tables[e.TableName] = e;
            }

            var indexes = new Dictionary<string, (EntityModel Entity, IndexModel Index)>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in entities)
            {
                var e = r.Entity!;
                for (int i = 0; i < e.Indexes.Length; i++)
                {
                    var index = e.Indexes[i];
                    var location = r.Locations is { } l && i < l.Indexes.Length ? l.Indexes[i].Value : r.Locations?.Type;
                    string? clash = null;
                    if (tables.TryGetValue(index.Name, out var table)) clash = "table '" + table.TableName + "' of '" + table.TypeName + "'";
                    else if (indexes.TryGetValue(index.Name, out var other))
                    {
                        // The same index declared twice ([Indexed] and [Index] on one member) is created once, as intended.
                        bool same = ReferenceEquals(other.Entity, e) && other.Index.ColumnNames.Equals(index.ColumnNames) && other.Index.IsUnique == index.IsUnique;
                        if (!same) clash = "index '" + other.Index.Name + "' of '" + other.Entity.TypeName + "' (" + string.Join(", ", other.Index.ColumnNames) + ")";
                    }
                    else indexes[index.Name] = (e, index);
                    if (clash is not null)
                        problems.Add(new DiagnosticInfo(RuleIds.IndexNameCollision, location,
                            new[] { index.Name, e.TypeName, string.Join(", ", index.ColumnNames), clash }.ToEquatableArray()));
                }
            }

            var clashes = GeneratedNameClashes(entities.Select(r => r.Entity!));
            foreach (var r in entities)
                if (clashes.TryGetValue(r.Entity!.MetadataName, out var clash))
                    problems.Add(new DiagnosticInfo(RuleIds.GeneratedTypeNameCollision, r.Locations?.Type,
                        new[] { r.Entity.MetadataName, clash.Name, r.Entity.Namespace.Length == 0 ? "(global)" : r.Entity.Namespace, clash.Holder }.ToEquatableArray()));
            return problems.ToEquatableArray();
        }

        /// <summary>
        /// Entities (by MetadataName) whose generated <c>XxxRepository</c> or <c>XxxSchema</c> would be a type the namespace
        /// already has: another entity's generated type (a nested <c>Outer.Client</c> and a top-level <c>OuterClient</c>),
        /// an entity type itself, or a type of the user's code that a partial class cannot join (<see cref="EntityModel.GeneratedNameTaken"/>). In MetadataName order, the later one clashes (OSQL111) and is not generated, so the build
        /// shows the reason instead of CS0101 in generated code.
        /// </summary>
        public static Dictionary<string, (string Name, string Holder)> GeneratedNameClashes(IEnumerable<EntityModel> models)
        {
            var ordered = models.OrderBy(e => e.MetadataName, StringComparer.Ordinal).ToList();
            var claimed = new Dictionary<string, string>(StringComparer.Ordinal); // namespace + name -> what holds it
            foreach (var e in ordered)
                if (e.MetadataName == Qualified(e.Namespace, e.TypeName)) claimed[Qualified(e.Namespace, e.TypeName)] = "the entity type '" + e.MetadataName + "'";
            var clashes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            foreach (var e in ordered)
            {
                var names = new[] { e.GeneratedName + "Repository", e.GeneratedName + "Schema" };
                var taken = names.FirstOrDefault(n => claimed.ContainsKey(Qualified(e.Namespace, n)));
                if (taken != null)
                {
                    clashes[e.MetadataName] = (taken, claimed[Qualified(e.Namespace, taken)]);
                    continue;
                }
                if (e.GeneratedNameTaken is { } name)
                {
                    clashes[e.MetadataName] = (name, e.GeneratedNameTakenBy ?? "a type of your code");
                    continue;
                }
                foreach (var n in names) claimed[Qualified(e.Namespace, n)] = "the generated '" + n + "' of entity '" + e.MetadataName + "'";
            }
            return clashes;
        }

        private static string Qualified(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
    }
}
