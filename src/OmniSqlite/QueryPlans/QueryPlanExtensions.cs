using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OmniSqlite.Internal;
using SQLitePCL;

namespace OmniSqlite
{
    /// <summary><c>connection.ExplainQueryPlan(sql)</c>: the plan SQLite chooses, as a tree, with fully scanned tables listed.</summary>
    public static class QueryPlanExtensions
    {
        /// <summary>
        /// Runs <c>EXPLAIN QUERY PLAN</c> for one statement (nothing is executed). Parameters the statement names but
        /// <paramref name="parameters"/> does not give are bound as NULL, so a query can be explained without values.
        /// Keys may be written with or without their prefix (<c>"@id"</c> or <c>"id"</c>).
        /// Throws <see cref="ArgumentException"/> for empty SQL or more than one statement, and <see cref="SqliteException"/>
        /// with SQLite's message when the statement does not compile (for example, no such table).
        /// </summary>
        public static QueryPlan ExplainQueryPlan(this SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters = null)
        {
            Sql.RequireOpen(connection, "ExplainQueryPlan");
            if (sql is null) throw new ArgumentNullException(nameof(sql));
            var rows = Explain(connection, sql, parameters);
            return Build(connection, sql, rows);
        }

        /// <summary>Explains a prepared command with its own parameters (missing ones are bound as NULL).</summary>
        public static QueryPlan ExplainQueryPlan(this SqliteCommand command)
        {
            if (command is null) throw new ArgumentNullException(nameof(command));
            if (command.Connection is null) throw new InvalidOperationException("The command has no Connection; set command.Connection to an open SqliteConnection.");
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (SqliteParameter p in command.Parameters) values[p.ParameterName] = p.Value;
            return command.Connection.ExplainQueryPlan(command.CommandText, values);
        }

        private static List<(int Id, int Parent, string Detail)> Explain(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters)
        {
            if (IsEmptyTail(sql)) throw new ArgumentException("There is no SQL to explain.", nameof(sql));
            var db = connection.Handle!;
            var rc = raw.sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN " + sql, out sqlite3_stmt stmt, out string tail);
            using (stmt)
            {
                if (rc != raw.SQLITE_OK)
                    throw new SqliteException($"Cannot explain the query plan: SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'. SQL: {sql}", rc);
                if (stmt is null || stmt.IsInvalid) throw new ArgumentException("There is no SQL statement to explain (only comments or semicolons).", nameof(sql));
                if (!IsEmptyTail(tail))
                    throw new ArgumentException($"ExplainQueryPlan explains one statement, and this SQL has more after the first: '{tail.Trim()}'. Explain each statement on its own.", nameof(sql));

                if (parameters is not null)
                {
                    foreach (var pair in parameters) Bind(db, stmt, pair.Key, pair.Value);
                }

                var rows = new List<(int, int, string)>();
                while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                    rows.Add((raw.sqlite3_column_int(stmt, 0), raw.sqlite3_column_int(stmt, 1), raw.sqlite3_column_text(stmt, 3).utf8_to_string()));
                }
                if (rc != raw.SQLITE_DONE)
                    throw new SqliteException($"EXPLAIN QUERY PLAN failed: SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'. SQL: {sql}", rc);
                return rows;
            }
        }

        private static void Bind(sqlite3 db, sqlite3_stmt stmt, string name, object? value)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A parameter has an empty name.", nameof(name));
            var index = 0;
            if (name[0] == '@' || name[0] == ':' || name[0] == '$' || name[0] == '?')
            {
                index = raw.sqlite3_bind_parameter_index(stmt, name);
            }
            else
            {
                foreach (var prefix in new[] { "@", ":", "$" })
                {
                    index = raw.sqlite3_bind_parameter_index(stmt, prefix + name);
                    if (index > 0) break;
                }
            }
            if (index <= 0) return; // SqliteCommand ignores unused parameters too.
            int rc;
            switch (value)
            {
                case null: case DBNull _: rc = raw.sqlite3_bind_null(stmt, index); break;
                case bool b: rc = raw.sqlite3_bind_int64(stmt, index, b ? 1 : 0); break;
                case byte[] bytes: rc = raw.sqlite3_bind_blob(stmt, index, bytes); break;
                case string s: rc = raw.sqlite3_bind_text(stmt, index, s); break;
                case double d: rc = raw.sqlite3_bind_double(stmt, index, d); break;
                case float f: rc = raw.sqlite3_bind_double(stmt, index, f); break;
                case decimal m: rc = raw.sqlite3_bind_text(stmt, index, m.ToString(CultureInfo.InvariantCulture)); break;
                case DateTime dt: rc = raw.sqlite3_bind_text(stmt, index, dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
                case Enum e: rc = raw.sqlite3_bind_int64(stmt, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)); break;
                case IConvertible c when IsInteger(value):
                    rc = raw.sqlite3_bind_int64(stmt, index, c.ToInt64(CultureInfo.InvariantCulture)); break;
                case IFormattable formattable: rc = raw.sqlite3_bind_text(stmt, index, formattable.ToString(null, CultureInfo.InvariantCulture)); break;
                default: rc = raw.sqlite3_bind_text(stmt, index, value.ToString() ?? ""); break;
            }
            if (rc != raw.SQLITE_OK)
                throw new SqliteException($"Cannot bind parameter '{name}': SQLite Error {rc}: '{raw.sqlite3_errmsg(db).utf8_to_string()}'.", rc);
        }

        private static bool IsInteger(object value) =>
            value is sbyte || value is byte || value is short || value is ushort || value is int || value is uint || value is long || value is ulong || value is char;

        private static bool IsEmptyTail(string? tail)
        {
            if (string.IsNullOrEmpty(tail)) return true;
            var i = 0;
            var t = tail!;
            while (i < t.Length)
            {
                if (char.IsWhiteSpace(t[i]) || t[i] == ';') { i++; continue; }
                if (t[i] == '-' && i + 1 < t.Length && t[i + 1] == '-')
                {
                    var end = t.IndexOf('\n', i);
                    i = end < 0 ? t.Length : end + 1;
                    continue;
                }
                if (t[i] == '/' && i + 1 < t.Length && t[i + 1] == '*')
                {
                    var end = t.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? t.Length : end + 2;
                    continue;
                }
                return false;
            }
            return true;
        }

        private static QueryPlan Build(SqliteConnection connection, string sql, List<(int Id, int Parent, string Detail)> rows)
        {
            var schema = SchemaNames.Read(connection);
            var (aliases, ctes) = SqlNameScanner.Scan(sql, name => schema.FindTable(name)?.Name);
            var aliasUse = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

            var nodes = new List<QueryPlanNode>();
            var byId = new Dictionary<int, QueryPlanNode>();
            var roots = new List<QueryPlanNode>();
            var coroutines = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (id, parent, detail) in rows)
            {
                var node = new QueryPlanNode(id, parent, detail);
                Classify(node);
                if (node.Kind == QueryPlanNodeKind.CoRoutine && node.Name is not null) coroutines.Add(node.Name);
                nodes.Add(node);
                byId[id] = node;
                if (parent != 0 && byId.TryGetValue(parent, out var parentNode)) parentNode.Add(node);
                else roots.Add(node);
            }

            foreach (var node in nodes)
            {
                if (node.Name is null || node.Kind == QueryPlanNodeKind.CoRoutine) continue;
                var info = Resolve(node.Name, schema, aliases, aliasUse, ctes, coroutines);
                node.Table = info?.Name;
                if (info is null) node.IsFullScan = false;
                else if (info.IsVirtual) { node.Kind = QueryPlanNodeKind.VirtualTable; node.IsFullScan = false; }
            }
            return new QueryPlan(sql, nodes, roots);
        }

        private static SchemaNames.TableName? Resolve(
            string name, SchemaNames schema, Dictionary<string, List<string>> aliases, Dictionary<string, int> aliasUse, HashSet<string> ctes, HashSet<string> coroutines)
        {
            if (coroutines.Contains(name) || ctes.Contains(name)) return null;
            if (aliases.TryGetValue(name, out var tables))
            {
                aliasUse.TryGetValue(name, out var used);
                aliasUse[name] = used + 1;
                return schema.FindTable(tables[Math.Min(used, tables.Count - 1)]);
            }
            var direct = schema.FindTable(name);
            if (direct is not null) return direct;
            var dot = name.IndexOf('.');
            if (dot > 0 && schema.IsDatabase(name.Substring(0, dot))) return schema.FindTable(name.Substring(dot + 1));
            return null;
        }

        internal static void Classify(QueryPlanNode node)
        {
            var d = node.Detail;
            if (d == "SCAN CONSTANT ROW") { node.Kind = QueryPlanNodeKind.ConstantRow; return; }
            if (d.StartsWith("USE TEMP B-TREE", StringComparison.Ordinal)) { node.Kind = QueryPlanNodeKind.TempBTree; return; }
            var isScan = d.StartsWith("SCAN ", StringComparison.Ordinal);
            if (isScan || d.StartsWith("SEARCH ", StringComparison.Ordinal))
            {
                var rest = d.Substring(isScan ? 5 : 7);
                var virtualAt = rest.IndexOf(" VIRTUAL TABLE INDEX", StringComparison.Ordinal);
                if (virtualAt >= 0)
                {
                    node.Kind = QueryPlanNodeKind.VirtualTable;
                    node.Name = rest.Substring(0, virtualAt);
                    return;
                }
                node.Kind = isScan ? QueryPlanNodeKind.Scan : QueryPlanNodeKind.Search;
                var nameEnd = rest.Length;
                foreach (var marker in new[] { " USING ", " EXISTS", " LEFT-JOIN", " RIGHT-JOIN", " (" })
                {
                    var at = rest.IndexOf(marker, StringComparison.Ordinal);
                    if (at >= 0 && at < nameEnd) nameEnd = at;
                }
                node.Name = rest.Substring(0, nameEnd);
                var tail = rest.Substring(nameEnd);
                var open = tail.IndexOf(" (", StringComparison.Ordinal);
                if (open >= 0)
                {
                    var close = tail.LastIndexOf(')');
                    if (close > open) node.Constraints = tail.Substring(open + 2, close - open - 2);
                }
                var usingAt = tail.IndexOf(" USING ", StringComparison.Ordinal);
                var hasUsing = usingAt >= 0;
                if (hasUsing)
                {
                    var clause = tail.Substring(usingAt + 7);
                    if (clause.StartsWith("INTEGER PRIMARY KEY", StringComparison.Ordinal) || clause.StartsWith("PRIMARY KEY", StringComparison.Ordinal) || clause.StartsWith("ROWID", StringComparison.Ordinal))
                    {
                        node.UsesPrimaryKey = true;
                    }
                    else
                    {
                        node.IsAutomaticIndex = clause.StartsWith("AUTOMATIC ", StringComparison.Ordinal);
                        var indexAt = clause.IndexOf("INDEX", StringComparison.Ordinal);
                        node.IsCoveringIndex = indexAt >= 0 && clause.Substring(0, indexAt).IndexOf("COVERING", StringComparison.Ordinal) >= 0;
                        if (!node.IsAutomaticIndex && indexAt >= 0 && indexAt + 6 <= clause.Length)
                        {
                            var index = clause.Substring(indexAt + 6);
                            var end = index.IndexOf(" (", StringComparison.Ordinal);
                            node.Index = (end >= 0 ? index.Substring(0, end) : index).Trim();
                            if (node.Index.Length == 0) node.Index = null;
                        }
                    }
                }
                node.IsFullScan = isScan || !hasUsing || node.IsAutomaticIndex;
                return;
            }
            if (d.StartsWith("CO-ROUTINE ", StringComparison.Ordinal)) { node.Kind = QueryPlanNodeKind.CoRoutine; node.Name = d.Substring(11); return; }
            if (d.StartsWith("MATERIALIZE ", StringComparison.Ordinal)) { node.Kind = QueryPlanNodeKind.CoRoutine; node.Name = d.Substring(12); return; }
            if (d.IndexOf("SUBQUERY", StringComparison.Ordinal) >= 0) { node.Kind = QueryPlanNodeKind.Subquery; return; }
            if (d.StartsWith("MULTI-INDEX OR", StringComparison.Ordinal) || d.StartsWith("INDEX ", StringComparison.Ordinal)) { node.Kind = QueryPlanNodeKind.MultiIndexOr; return; }
            if (d.StartsWith("BLOOM FILTER", StringComparison.Ordinal)) { node.Kind = QueryPlanNodeKind.BloomFilter; return; }
            if (d.StartsWith("COMPOUND", StringComparison.Ordinal) || d.StartsWith("MERGE", StringComparison.Ordinal) || d == "LEFT" || d == "RIGHT"
                || d.StartsWith("UNION", StringComparison.Ordinal) || d.StartsWith("EXCEPT", StringComparison.Ordinal) || d.StartsWith("INTERSECT", StringComparison.Ordinal))
            {
                node.Kind = QueryPlanNodeKind.Compound;
                return;
            }
            node.Kind = QueryPlanNodeKind.Other;
        }

        /// <summary>Tables and database names of the connection, for resolving the names a plan prints.</summary>
        private sealed class SchemaNames
        {
            internal sealed class TableName
            {
                public TableName(string name, bool isVirtual) { Name = name; IsVirtual = isVirtual; }
                public string Name { get; }
                public bool IsVirtual { get; }
            }

            private readonly Dictionary<string, TableName> _tables = new Dictionary<string, TableName>(StringComparer.OrdinalIgnoreCase);
            private readonly HashSet<string> _databases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            public static SchemaNames Read(SqliteConnection connection)
            {
                var names = new SchemaNames();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT name FROM pragma_database_list";
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read()) names._databases.Add(reader.GetString(0));
                }
                names._databases.Add("temp");
                foreach (var database in names._databases)
                {
                    var schemaTable = database == "temp" ? "sqlite_temp_schema" : "sqlite_schema";
                    command.CommandText = $"SELECT name, coalesce(sql, '') FROM \"{database.Replace("\"", "\"\"")}\".{schemaTable} WHERE type = 'table'";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        var name = reader.GetString(0);
                        if (names._tables.ContainsKey(name)) continue;
                        var isVirtual = reader.GetString(1).TrimStart().StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase);
                        names._tables[name] = new TableName(name, isVirtual);
                    }
                }
                return names;
            }

            public TableName? FindTable(string name) => _tables.TryGetValue(name, out var t) ? t : null;
            public bool IsDatabase(string name) => _databases.Contains(name);
        }
    }
}
