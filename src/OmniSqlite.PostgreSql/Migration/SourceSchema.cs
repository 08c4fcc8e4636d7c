using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.PostgreSql.Migration
{
    internal sealed class SourceColumn
    {
        public string Name = "";
        public string DeclaredType = "";
        public bool NotNull;
        public string? DefaultSql;
        /// <summary>1-based position in the primary key; 0 when not part of it.</summary>
        public int PrimaryKey;
        /// <summary>2/3: a generated column (copied as a plain column).</summary>
        public int Hidden;
        public ValueCounts Values = new();
    }

    /// <summary>How many values of each storage class a column holds, and the checks its PostgreSQL type needs.</summary>
    internal sealed class ValueCounts
    {
        public long Integer, Real, Text, Blob;
        /// <summary>Text in OmniSqlite's DateTime format with and without the trailing Z (yyyy-MM-dd HH:mm:ss.fffffff).</summary>
        public long UtcDateText, LocalDateText;
        /// <summary>Integers other than 0 and 1.</summary>
        public long NotZeroOrOne;
        /// <summary>Blobs that are not 16 bytes long.</summary>
        public long NotSixteenBytes;
        /// <summary>Text holding a NUL character, which PostgreSQL text cannot store.</summary>
        public long TextWithNul;

        public long NonNull => Integer + Real + Text + Blob;
    }

    internal sealed class SourceIndex
    {
        public string Name = "";
        public bool Unique;
        /// <summary>c (CREATE INDEX), u (UNIQUE constraint), pk.</summary>
        public string Origin = "c";
        public bool Partial;
        public string? Sql;
        /// <summary>Key columns with DESC; a null name is an expression (not migrated).</summary>
        public readonly List<(string? Name, bool Descending)> Columns = new();
    }

    internal sealed class SourceForeignKey
    {
        public int Id;
        public string Parent = "";
        public readonly List<string> From = new();
        /// <summary>Parent columns; empty when the SQLite declaration names none (the parent's primary key).</summary>
        public readonly List<string> To = new();
        public string OnUpdate = "NO ACTION";
        public string OnDelete = "NO ACTION";
    }

    internal sealed class SourceTable
    {
        public string Name = "";
        public string Sql = "";
        public long RowCount;
        public readonly List<SourceColumn> Columns = new();
        public readonly List<SourceIndex> Indexes = new();
        public readonly List<SourceForeignKey> ForeignKeys = new();
        /// <summary>sqlite_sequence's value for an AUTOINCREMENT table (the highest id ever handed out), else null.</summary>
        public long? Sequence;

        public IEnumerable<SourceColumn> PrimaryKey => Columns.Where(c => c.PrimaryKey > 0).OrderBy(c => c.PrimaryKey);

        /// <summary>The INTEGER PRIMARY KEY column (an alias of the rowid), or null.</summary>
        public SourceColumn? RowidAlias
        {
            get
            {
                var key = PrimaryKey.ToList();
                return key.Count == 1 && string.Equals(key[0].DeclaredType.Trim(), "INTEGER", StringComparison.OrdinalIgnoreCase)
                    && !Sql.TrimEnd().EndsWith("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase) ? key[0] : null;
            }
        }
    }

    /// <summary>Reads what the migration needs from the SQLite file: sqlite_schema, pragma_table_xinfo, pragma_index_list/xinfo, pragma_foreign_key_list and one scan of each table for its values' storage classes.</summary>
    internal static class SourceSchema
    {
        /// <summary>Tables that are not data: SQLite's own (sqlite_sequence is read for identities; sqlite_stat* are planner statistics) and OmniSqlite's (_omnisqlite_schema holds the hash of the SQLite schema, meaningless on PostgreSQL).</summary>
        public static bool IsSkipped(string table)
            => table.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase) || table.StartsWith("_omnisqlite_", StringComparison.OrdinalIgnoreCase);

        public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

        public static List<SourceTable> Read(SqliteConnection connection, IDictionary<string, string> overrides, List<string> notes)
        {
            var tables = new List<SourceTable>();
            using (var command = connection.CreateCommand())
            {
                // pragma_table_list says which tables are ordinary ('table'), not virtual or a virtual table's shadow.
                command.CommandText = "SELECT s.name, coalesce(s.sql, ''), l.type FROM sqlite_schema s JOIN pragma_table_list l ON l.name = s.name AND l.schema = 'main' WHERE s.type = 'table' ORDER BY s.rowid";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    string name = reader.GetString(0);
                    string type = reader.GetString(2);
                    if (IsSkipped(name))
                    {
                        continue;
                    }

                    if (type != "table")
                    {
                        notes.Add($"{name}: a {type} table, not migrated (a virtual table's module does not exist in PostgreSQL; recreate it there, e.g. full-text search with tsvector).");
                        continue;
                    }

                    tables.Add(new SourceTable { Name = name, Sql = reader.GetString(1) });
                }
            }

            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY rowid";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    notes.Add($"{reader.GetString(1)}: a {reader.GetString(0)}, not migrated (its SQL is SQLite's; write it for PostgreSQL).");
                }
            }

            var sequences = ReadSequences(connection);
            foreach (var table in tables)
            {
                ReadColumns(connection, table);
                ReadIndexes(connection, table);
                ReadForeignKeys(connection, table);
                if (sequences.TryGetValue(table.Name, out long seq))
                {
                    table.Sequence = seq;
                }

                CountValues(connection, table, c => overrides.ContainsKey(table.Name + "." + c.Name));
            }

            return tables;
        }

        /// <summary>True when OmniSqlite's EnsureCreated made this database: its DECIMAL(18,n) columns then hold integers scaled by 10^n.</summary>
        public static bool IsOmniSqliteDatabase(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '_omnisqlite_schema'";
            return (long)command.ExecuteScalar()! > 0;
        }

        private static Dictionary<string, long> ReadSequences(SqliteConnection connection)
        {
            var result = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'";
            if ((long)command.ExecuteScalar()! == 0)
            {
                return result;
            }

            command.CommandText = "SELECT name, seq FROM sqlite_sequence WHERE typeof(seq) = 'integer'";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                result[reader.GetString(0)] = reader.GetInt64(1);
            }

            return result;
        }

        private static void ReadColumns(SqliteConnection connection, SourceTable table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo($t) ORDER BY cid";
            command.Parameters.AddWithValue("$t", table.Name);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                int hidden = reader.GetInt32(5);
                if (hidden == 1)
                {
                    continue;
                }

                table.Columns.Add(new SourceColumn
                {
                    Name = reader.GetString(0),
                    DeclaredType = reader.IsDBNull(1) ? "" : reader.GetString(1),
                    NotNull = reader.GetInt64(2) != 0,
                    DefaultSql = reader.IsDBNull(3) ? null : reader.GetString(3),
                    PrimaryKey = reader.GetInt32(4),
                    Hidden = hidden,
                });
            }
        }

        private static void ReadIndexes(SqliteConnection connection, SourceTable table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT l.name, l.\"unique\", l.origin, l.partial, s.sql FROM pragma_index_list($t) l LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name ORDER BY l.name";
            command.Parameters.AddWithValue("$t", table.Name);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    table.Indexes.Add(new SourceIndex
                    {
                        Name = reader.GetString(0),
                        Unique = reader.GetInt64(1) != 0,
                        Origin = reader.GetString(2),
                        Partial = reader.GetInt64(3) != 0,
                        Sql = reader.IsDBNull(4) ? null : reader.GetString(4),
                    });
                }
            }

            foreach (var index in table.Indexes)
            {
                command.Parameters.Clear();
                command.CommandText = "SELECT cid, name, \"desc\" FROM pragma_index_xinfo($i) WHERE key = 1 ORDER BY seqno";
                command.Parameters.AddWithValue("$i", index.Name);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    // cid -2: an expression; -1: the rowid itself.
                    long cid = reader.GetInt64(0);
                    string? name = cid == -1 ? table.RowidAlias?.Name : reader.IsDBNull(1) ? null : reader.GetString(1);
                    index.Columns.Add((name, reader.GetInt64(2) != 0));
                }
            }
        }

        private static void ReadForeignKeys(SqliteConnection connection, SourceTable table)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($t) ORDER BY id, seq";
            command.Parameters.AddWithValue("$t", table.Name);
            using var reader = command.ExecuteReader();
            SourceForeignKey? current = null;
            while (reader.Read())
            {
                int id = reader.GetInt32(0);
                if (current is null || current.Id != id)
                {
                    current = new SourceForeignKey { Id = id, Parent = reader.GetString(1), OnUpdate = reader.GetString(4), OnDelete = reader.GetString(5) };
                    table.ForeignKeys.Add(current);
                }

                current.From.Add(reader.GetString(2));
                if (!reader.IsDBNull(3))
                {
                    current.To.Add(reader.GetString(3));
                }
            }
        }

        private const string DateGlob = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9][0-9]";

        /// <summary>One scan of the table: the row count and, per column, the storage classes of its values and the checks a type needs.</summary>
        private static void CountValues(SqliteConnection connection, SourceTable table, Func<SourceColumn, bool> overridden)
        {
            var sql = new StringBuilder("SELECT count(*)");
            foreach (var column in table.Columns)
            {
                // The storage classes always; the costlier checks only where the declared type can need them.
                string c = Quote(column.Name);
                string declared = column.DeclaredType.ToUpperInvariant();
                bool text = declared.Contains("CHAR", StringComparison.Ordinal) || declared.Contains("CLOB", StringComparison.Ordinal) || declared.Contains("TEXT", StringComparison.Ordinal);
                sql.Append($", sum(typeof({c}) = 'integer'), sum(typeof({c}) = 'real'), sum(typeof({c}) = 'text'), sum(typeof({c}) = 'blob')")
                   .Append(text ? $", sum(typeof({c}) = 'text' AND {c} GLOB '{DateGlob}Z'), sum(typeof({c}) = 'text' AND {c} GLOB '{DateGlob}')" : ", 0, 0")
                   .Append(declared.Contains("BOOL", StringComparison.Ordinal) || overridden(column) ? $", sum(typeof({c}) = 'integer' AND {c} NOT IN (0, 1))" : ", 0")
                   .Append($", sum(typeof({c}) = 'blob' AND length({c}) <> 16)")
                   .Append($", sum(typeof({c}) = 'text' AND instr({c}, char(0)) > 0)");
            }

            sql.Append(" FROM ").Append(Quote(table.Name));
            using var command = connection.CreateCommand();
            command.CommandText = sql.ToString();
            using var reader = command.ExecuteReader();
            reader.Read();
            table.RowCount = reader.GetInt64(0);
            for (int i = 0; i < table.Columns.Count; i++)
            {
                int o = 1 + i * 9;
                long At(int k) => reader.IsDBNull(o + k) ? 0 : reader.GetInt64(o + k);
                table.Columns[i].Values = new ValueCounts
                {
                    Integer = At(0),
                    Real = At(1),
                    Text = At(2),
                    Blob = At(3),
                    UtcDateText = At(4),
                    LocalDateText = At(5),
                    NotZeroOrOne = At(6),
                    NotSixteenBytes = At(7),
                    TextWithNul = At(8),
                };
            }
        }
    }
}
