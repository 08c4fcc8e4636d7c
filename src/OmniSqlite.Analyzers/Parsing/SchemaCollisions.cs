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
            return problems.ToEquatableArray();
        }
    }
}
