using System;
using System.Collections.Generic;
using System.Linq;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing.Sql;

namespace OmniSqlite.Analyzers.Analysis
{
    /// <summary>
    /// Statement-level checks that need no planner (OSQL015-OSQL018, OSQL030): what a statement says on its face. Each
    /// claims only what the text proves; anything it cannot see (a table it does not know, a row built elsewhere) stays silent.
    /// (OSQL019, a double-quoted string, is found while names are resolved in <see cref="SqlQueryAnalysis"/>.)
    /// </summary>
    internal static class SqlStatementChecks
    {
        public static void Check(SqlStatement statement, string text, SchemaModel schema, List<SqlFinding> findings)
        {
            switch (statement)
            {
                case SqlUpdateStatement { Where: null } update:
                    findings.Add(Finding(SqlFindingKind.UpdateWithoutWhere, Keyword(text, "UPDATE", statement.Start, update.Table.Name.Start), update.Table.Name.End, update.Table.Name.Value, "UPDATE"));
                    break;
                case SqlDeleteStatement { Where: null } delete:
                    findings.Add(Finding(SqlFindingKind.UpdateWithoutWhere, Keyword(text, "DELETE", statement.Start, delete.Table.Name.Start), delete.Table.Name.End, delete.Table.Name.Value, "DELETE"));
                    break;
                case SqlInsertStatement insert:
                    Insert(insert, schema, findings);
                    break;
                case SqlCreateTableStatement create:
                    ForeignKeys(create, schema, findings);
                    break;
            }
            NullComparisons(statement, text, findings);
        }

        /// <summary>Where the statement's keyword is (after a WITH clause), so the span reads "DELETE FROM t".</summary>
        private static int Keyword(string text, string keyword, int from, int before)
        {
            int at = before > from && before <= text.Length ? text.LastIndexOf(keyword, before - 1, before - from, StringComparison.OrdinalIgnoreCase) : -1;
            return at >= 0 ? at : from;
        }

        private static SqlFinding Finding(SqlFindingKind kind, int start, int end, string table, string detail, params string[] columns)
            => new SqlFinding(kind, start, Math.Max(0, end - start), table, columns.ToEquatableArray(), "", detail);

        private static void Insert(SqlInsertStatement insert, SchemaModel schema, List<SqlFinding> findings)
        {
            var name = insert.Table.Name;
            if (insert.DefaultValues) return;
            if (insert.Columns.Count == 0)
            {
                var table = insert.Table.Schema is null ? schema.FindTable(name.Value) : null;
                var columns = table is { ColumnsKnown: true } ? table.Columns.Select(c => c.Name).ToArray() : Array.Empty<string>();
                findings.Add(Finding(SqlFindingKind.InsertWithoutColumns, name.Start, name.End, name.Value, "", columns));
                return;
            }
            // VALUES rows, or a SELECT whose result columns can be counted (no *): SQLite refuses a count that differs.
            if (insert.Source is not { Cores.Count: > 0 } source) return;
            foreach (var core in source.Cores)
            {
                if (core.Values != null)
                {
                    foreach (var row in core.Values)
                        if (row.Count != insert.Columns.Count && row.Count > 0)
                            findings.Add(Mismatch(insert, row[0].Start, row[row.Count - 1].End, row.Count));
                }
                else if (core.Columns.Count > 0 && core.Columns.All(c => !c.Star) && core.Columns.Count != insert.Columns.Count)
                    findings.Add(Mismatch(insert, core.Columns[0].Start, core.Columns[core.Columns.Count - 1].End, core.Columns.Count));
            }
        }

        /// <summary>OSQL017: <see cref="SqlFinding.Columns"/> are the named columns, <see cref="SqlFinding.Detail"/> the number of values.</summary>
        private static SqlFinding Mismatch(SqlInsertStatement insert, int start, int end, int values)
            => new SqlFinding(SqlFindingKind.ValueCountMismatch, start, Math.Max(0, end - start), insert.Table.Name.Value,
                insert.Columns.Select(c => c.Value).ToEquatableArray(), "INSERT", values.ToString(System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>
        /// A REFERENCES column (or column list) that no index of the child table leads with: with foreign_keys=ON, every
        /// DELETE of a parent row and every change of its key makes SQLite scan the child table for rows that point at it.
        /// The indexes come from the whole known schema (every CREATE INDEX the project has, entities included).
        /// </summary>
        private static void ForeignKeys(SqlCreateTableStatement create, SchemaModel schema, List<SqlFinding> findings)
        {
            var table = schema.FindTable(create.Name.Value);
            if (table is null) return;
            foreach (var column in create.Columns)
                if (column.References != null && !Served(table, new[] { column.Name.Value }))
                    findings.Add(Finding(SqlFindingKind.UnindexedForeignKey, column.Name.Start, column.Name.End, table.Name, column.References.Value, table.FindColumn(column.Name.Value)?.Name ?? column.Name.Value));
            foreach (var key in create.ForeignKeys)
            {
                if (key.Columns.Count == 0) continue;
                var names = key.Columns.Select(c => table.FindColumn(c.Value)?.Name ?? c.Value).ToArray();
                if (!Served(table, names))
                    findings.Add(Finding(SqlFindingKind.UnindexedForeignKey, key.Columns[0].Start, key.Columns[key.Columns.Count - 1].End, table.Name, key.Parent.Value, names));
            }
        }

        /// <summary>An index (or the rowid, or the primary key) whose leading columns are exactly the key's columns, in any order.</summary>
        private static bool Served(TableSchema table, IReadOnlyList<string> columns)
        {
            if (columns.Count == 1 && table.IsRowid(columns[0])) return true;
            foreach (var index in table.Indexes)
            {
                if (index.IsPartial || index.Keys.Length < columns.Count) continue;
                bool all = true;
                for (int i = 0; i < columns.Count && all; i++)
                {
                    bool found = false;
                    for (int j = 0; j < columns.Count; j++)
                        if (string.Equals(index.Keys[i], columns[j], StringComparison.OrdinalIgnoreCase)) found = true;
                    all = found;
                }
                if (all) return true;
            }
            return false;
        }

        /// <summary><c>x = NULL</c>, <c>x &lt;&gt; NULL</c> (and <c>==</c>, <c>!=</c>): never true. The span runs from the operator to NULL.</summary>
        private static void NullComparisons(SqlStatement statement, string text, List<SqlFinding> findings)
        {
            if (statement is SqlCreateTableStatement or SqlUnknownStatement) return;
            foreach (var node in SqlSyntaxWalker.DescendantsAndSelf(statement))
            {
                if (node is not SqlBinary { Operator: "=" or "!=" } b) continue;
                bool rightNull = b.Right is SqlLiteral { Kind: SqlLiteralKind.Null };
                bool leftNull = b.Left is SqlLiteral { Kind: SqlLiteralKind.Null };
                if (!rightNull && !leftNull) continue;
                int start = rightNull ? b.Left.End : b.Left.Start, end = rightNull ? b.Right.End : b.Right.Start;
                if (!rightNull)
                {
                    // NULL = x: point at "NULL =".
                    end = b.Right.Start;
                    while (end > start && end - 1 < text.Length && char.IsWhiteSpace(text[end - 1])) end--;
                }
                while (start < end && start < text.Length && char.IsWhiteSpace(text[start])) start++;
                // Clause "NULL first" marks "NULL = x", which has no in-place replacement.
                findings.Add(new SqlFinding(SqlFindingKind.NullComparison, start, Math.Max(0, end - start), "", EquatableArray<string>.Empty,
                    rightNull ? "" : "NULL first", b.Operator == "=" ? "=" : "<>"));
            }
        }
    }
}
