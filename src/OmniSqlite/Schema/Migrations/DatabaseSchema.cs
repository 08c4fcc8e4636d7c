using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Schema.Migrations
{
    /// <summary>A table as SQLite reports it (<c>pragma_table_xinfo</c>, <c>pragma_index_list</c>/<c>pragma_index_xinfo</c>, <c>pragma_foreign_key_list</c>).</summary>
    internal sealed class DatabaseTable
    {
        public string Name = "";
        public string Sql = "";
        public readonly List<DatabaseColumn> Columns = new List<DatabaseColumn>();
        public readonly List<DatabaseIndex> Indexes = new List<DatabaseIndex>();
        public readonly List<ForeignKeyDefinition> ForeignKeys = new List<ForeignKeyDefinition>();
        /// <summary>CREATE TRIGGER statements on the table (a rebuild drops them with the table and runs them again).</summary>
        public readonly List<string> Triggers = new List<string>();
        public bool WithoutRowid;

        public DatabaseColumn? FindColumn(string name)
        {
            foreach (var c in Columns) if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
            return null;
        }

        public DatabaseIndex? FindIndex(string name)
        {
            foreach (var i in Indexes) if (string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)) return i;
            return null;
        }
    }

    internal sealed class DatabaseColumn
    {
        public string Name = "";
        public string Type = "";
        public bool NotNull;
        public string? Default;
        /// <summary>1-based position in the primary key, 0 when not part of it.</summary>
        public int PrimaryKey;
        /// <summary>0 normal; 2/3 generated; 1 hidden column of a virtual table.</summary>
        public int Hidden;
    }

    internal sealed class DatabaseIndex
    {
        public string Name = "";
        public bool Unique;
        /// <summary>Key columns; null entries for expressions.</summary>
        public readonly List<string?> Columns = new List<string?>();
        public string? Where;
        public string Sql = "";
    }

    /// <summary>Reads the main database's tables the way drift detection compares them.</summary>
    internal static class DatabaseSchema
    {
        /// <summary>The table <c>EnsureCreated</c> records the applied description's hash in.</summary>
        public const string HashTable = "_omnisqlite_schema";

        public static Dictionary<string, DatabaseTable> Read(SqliteConnection connection, SqliteTransaction? transaction)
        {
            var tables = new Dictionary<string, DatabaseTable>(StringComparer.OrdinalIgnoreCase);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'table' DESC, name";
            var indexSql = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var type = reader.GetString(0);
                    var name = reader.GetString(1);
                    var owner = reader.GetString(2);
                    var sql = reader.IsDBNull(3) ? "" : reader.GetString(3);
                    if (type == "table")
                    {
                        if (string.Equals(name, HashTable, StringComparison.OrdinalIgnoreCase)) continue;
                        tables[name] = new DatabaseTable { Name = name, Sql = sql, WithoutRowid = sql.EndsWith("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase) };
                    }
                    else if (type == "index") indexSql[name] = sql;
                    else if (tables.TryGetValue(owner, out var t) && sql.Length > 0) t.Triggers.Add(sql);
                }
            }

            foreach (var table in tables.Values)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$t", table.Name);
                command.CommandText = "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo($t) ORDER BY cid";
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                        table.Columns.Add(new DatabaseColumn
                        {
                            Name = reader.GetString(0),
                            Type = reader.IsDBNull(1) ? "" : reader.GetString(1),
                            NotNull = reader.GetInt64(2) != 0,
                            Default = reader.IsDBNull(3) ? null : reader.GetString(3),
                            PrimaryKey = (int)reader.GetInt64(4),
                            Hidden = (int)reader.GetInt64(5),
                        });
                }

                // Only indexes made by CREATE INDEX (origin 'c'): PRIMARY KEY and UNIQUE constraints' automatic ones belong to the table's DDL.
                command.CommandText = "SELECT name, \"unique\" FROM pragma_index_list($t) WHERE origin = 'c' ORDER BY name";
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var name = reader.GetString(0);
                        var sql = indexSql.TryGetValue(name, out var s) ? s : "";
                        table.Indexes.Add(new DatabaseIndex { Name = name, Unique = reader.GetInt64(1) != 0, Sql = sql, Where = PartialWhere(sql) });
                    }
                }
                foreach (var index in table.Indexes)
                {
                    command.Parameters.Clear();
                    command.Parameters.AddWithValue("$i", index.Name);
                    command.CommandText = "SELECT name FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno";
                    using var reader = command.ExecuteReader();
                    while (reader.Read()) index.Columns.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
                }

                command.Parameters.Clear();
                command.Parameters.AddWithValue("$t", table.Name);
                command.CommandText = "SELECT \"from\", \"table\", \"to\", on_delete, on_update FROM pragma_foreign_key_list($t) ORDER BY id, seq";
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                        table.ForeignKeys.Add(new ForeignKeyDefinition(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetString(3), reader.GetString(4)));
                }
            }
            command.Parameters.Clear();
            return tables;
        }

        /// <summary>The text after the last top-level <c>WHERE</c> of a CREATE INDEX, or null for a full index.</summary>
        internal static string? PartialWhere(string createIndexSql)
        {
            int depth = 0;
            int where = -1;
            bool quoted = false;
            char quote = '\0';
            for (int i = 0; i < createIndexSql.Length; i++)
            {
                char c = createIndexSql[i];
                if (quoted) { if (c == quote) quoted = false; continue; }
                if (c == '\'' || c == '"' || c == '`' || c == '[') { quoted = true; quote = c == '[' ? ']' : c; continue; }
                if (c == '(') depth++;
                else if (c == ')') depth--;
                else if (depth == 0 && (c == 'W' || c == 'w') && i > 0 && char.IsWhiteSpace(createIndexSql[i - 1])
                    && string.Compare(createIndexSql, i, "WHERE", 0, 5, StringComparison.OrdinalIgnoreCase) == 0
                    && (i + 5 == createIndexSql.Length || !char.IsLetterOrDigit(createIndexSql[i + 5])))
                    where = i + 5;
            }
            return where < 0 ? null : createIndexSql.Substring(where).Trim();
        }

        /// <summary>SQL text compared loosely: whitespace collapsed, case ignored by the caller.</summary>
        internal static string Normalize(string? sql)
        {
            if (sql is null) return "";
            var sb = new System.Text.StringBuilder(sql.Length);
            bool space = false;
            foreach (var c in sql.Trim())
            {
                if (char.IsWhiteSpace(c)) { space = true; continue; }
                if (space && sb.Length > 0) sb.Append(' ');
                space = false;
                sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
