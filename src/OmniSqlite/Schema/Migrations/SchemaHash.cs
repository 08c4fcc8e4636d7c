using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Schema.Migrations
{
    /// <summary>
    /// The description's hash, recorded in <c>_omnisqlite_schema</c> once the database matches it, so that <c>EnsureCreated</c>
    /// on an up-to-date database is one read. A table rather than <c>PRAGMA user_version</c>: applications and other tools
    /// already use user_version for their own numbering, and 32 bits are too few for a hash.
    /// </summary>
    internal static class SchemaHash
    {
        // Bump when the meaning of the description or of a migration changes, so that every database is compared once more.
        private const string Version = "omnisqlite-schema-2";

        /// <summary>Appended to the hash by EnsureCreated when it left rows in an older stored format: it is up to date for EnsureCreated, not for Migrate.</summary>
        public const string FormatsOutdated = " formats-outdated";

        private static readonly ConditionalWeakTable<IReadOnlyList<TableDefinition>, string> Cache = new ConditionalWeakTable<IReadOnlyList<TableDefinition>, string>();

        public static string Of(IReadOnlyList<TableDefinition> tables) => Cache.GetValue(tables, Compute);

        private static string Compute(IReadOnlyList<TableDefinition> tables)
        {
            var sb = new StringBuilder(Version);
            foreach (var t in tables)
            {
                Field(sb, "T", t.Name, t.CreateTableSql, string.Join(",", t.PreviousNames));
                foreach (var c in t.Columns)
                    Field(sb, "C", c.Name, c.SqlType, c.NotNull ? "1" : "0", c.IsPrimaryKey ? "1" : "0", c.DefaultSql ?? "\u0002", string.Join(",", c.PreviousNames), c.AddColumnSql ?? "\u0002", c.Storage.ToString());
                foreach (var i in t.Indexes)
                    Field(sb, "I", i.Name, i.CreateIndexSql, string.Join(",", i.Columns), i.IsUnique ? "1" : "0", i.Where ?? "\u0002");
                foreach (var f in t.ForeignKeys)
                    Field(sb, "F", f.Column, f.ParentTable, f.ParentColumn, f.OnDelete, f.OnUpdate);
            }
            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString()));
            var hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) hex.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return hex.ToString();
        }

        private static void Field(StringBuilder sb, string kind, params string[] values)
        {
            sb.Append('\u001e').Append(kind);
            foreach (var v in values) sb.Append('\u001f').Append(v);
        }

        /// <summary>The recorded hash, or null when none is (a new database, or one EnsureCreated never finished on).</summary>
        public static string? Read(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hash FROM \"" + DatabaseSchema.HashTable + "\" WHERE id = 1";
            try
            {
                return command.ExecuteScalar() as string;
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1)
            {
                return null; // no such table: nothing recorded yet
            }
        }

        public static void Write(SqliteConnection connection, SqliteTransaction transaction, string hash)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "CREATE TABLE IF NOT EXISTS \"" + DatabaseSchema.HashTable + "\" (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL);"
                + "INSERT OR REPLACE INTO \"" + DatabaseSchema.HashTable + "\" (id, hash) VALUES (1, $hash)";
            command.Parameters.AddWithValue("$hash", hash);
            command.ExecuteNonQuery();
        }
    }
}
