using System.Text;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>SQL text for one entity: DDL and the statements its repository runs. Identifiers are always quoted. Names and types come resolved on the model.</summary>
    internal static class Ddl
    {
        public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

        /// <summary>Appends <see cref="Quote"/>'s text without making it.</summary>
        public static StringBuilder AppendQuoted(this StringBuilder sb, string identifier)
            => identifier.IndexOf('"') < 0 ? sb.Append('"').Append(identifier).Append('"') : sb.Append(Quote(identifier));

        public static bool IsIntegerKey(ColumnModel c) => c.IsPrimaryKey && c.Kind is ValueKind.Int64 or ValueKind.Int32 or ValueKind.Int16
            or ValueKind.Byte or ValueKind.SByte or ValueKind.UInt16 or ValueKind.UInt32;

        /// <summary>A DEFAULT that the reader can read back, for NOT NULL columns added to existing rows.</summary>
        private static string DefaultLiteral(ColumnModel c) => c.Kind switch
        {
            ValueKind.Single or ValueKind.Double => "0.0",
            ValueKind.String => "''",
            ValueKind.ByteArray => "x''",
            ValueKind.Guid => "x'00000000000000000000000000000000'",
            ValueKind.Decimal => c.Scale >= 0 ? "0" : "'0'",
            ValueKind.DateTime => "'0001-01-01 00:00:00.0000000'",
            ValueKind.DateTimeOffset => "'0001-01-01 00:00:00.0000000Z'",
            ValueKind.DateOnly => "'0001-01-01'",
            ValueKind.TimeOnly => "'00:00:00'",
            ValueKind.Json => "'null'",
            _ => "0",
        };

        private static string ColumnDefinition(ColumnModel c)
        {
            var sb = new StringBuilder(64);
            AppendColumnDefinition(sb, c);
            return sb.ToString();
        }

        private static void AppendColumnDefinition(StringBuilder sb, ColumnModel c)
        {
            sb.AppendQuoted(c.ColumnName).Append(' ').Append(c.SqlType);
            if (c.IsPrimaryKey)
            {
                sb.Append(" PRIMARY KEY");
                if (c.IsAutoIncrement) sb.Append(" AUTOINCREMENT");
                if (!IsIntegerKey(c)) sb.Append(" NOT NULL");
            }
            else if (!c.IsNullable) sb.Append(" NOT NULL");
            if (c.DefaultSql != null) sb.Append(" DEFAULT ").Append(c.DefaultSql);
            if (c.ForeignKey is { } fk) sb.Append(' ').Append(References(fk));
        }

        /// <summary><c>REFERENCES "parent" ("key") ON DELETE CASCADE</c>; NoAction, SQLite's default, is not written.</summary>
        public static string References(ForeignKeyModel fk)
        {
            var sb = new StringBuilder("REFERENCES ").Append(Quote(fk.ParentTable)).Append(" (").Append(Quote(fk.ParentColumn)).Append(')');
            if (fk.OnDelete != ForeignKeyActionKind.NoAction) sb.Append(" ON DELETE ").Append(ActionSql(fk.OnDelete));
            if (fk.OnUpdate != ForeignKeyActionKind.NoAction) sb.Append(" ON UPDATE ").Append(ActionSql(fk.OnUpdate));
            return sb.ToString();
        }

        public static string ActionSql(ForeignKeyActionKind action) => action switch
        {
            ForeignKeyActionKind.Restrict => "RESTRICT",
            ForeignKeyActionKind.SetNull => "SET NULL",
            ForeignKeyActionKind.Cascade => "CASCADE",
            _ => "NO ACTION",
        };

        public static string CreateTable(EntityModel e)
        {
            var sb = new StringBuilder(64 + 48 * e.Columns.Length).Append("CREATE TABLE IF NOT EXISTS ").AppendQuoted(e.TableName).Append(" (");
            for (int i = 0; i < e.Columns.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                AppendColumnDefinition(sb, e.Columns[i]);
            }
            return sb.Append(')').ToString();
        }

        /// <summary>ALTER TABLE ADD COLUMN for additive migration; null for the primary key (SQLite cannot add one).</summary>
        public static string? AddColumn(EntityModel e, ColumnModel c)
        {
            if (c.IsPrimaryKey) return null;
            var sql = new StringBuilder(128).Append("ALTER TABLE ").AppendQuoted(e.TableName).Append(" ADD COLUMN ");
            AppendColumnDefinition(sql, c);
            if (!c.IsNullable && c.DefaultSql == null) sql.Append(" DEFAULT ").Append(DefaultLiteral(c));
            return sql.ToString();
        }

        public static string CreateIndex(EntityModel e, IndexModel index)
        {
            var sb = new StringBuilder(128).Append(index.IsUnique ? "CREATE UNIQUE INDEX IF NOT EXISTS " : "CREATE INDEX IF NOT EXISTS ")
                .AppendQuoted(index.Name).Append(" ON ").AppendQuoted(e.TableName).Append(" (");
            for (int i = 0; i < index.ColumnNames.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.AppendQuoted(index.ColumnNames[i]);
            }
            return sb.Append(')').ToString();
        }

        public static string SelectList(EntityModel e) => AppendSelectList(new StringBuilder(16 * e.Columns.Length), e).ToString();

        /// <summary>The quoted columns, comma-separated, in <see cref="EntityModel.Columns"/> order.</summary>
        public static StringBuilder AppendSelectList(StringBuilder sb, EntityModel e)
        {
            for (int i = 0; i < e.Columns.Length; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.AppendQuoted(e.Columns[i].ColumnName);
            }
            return sb;
        }

        /// <summary>A C# string literal (verbatim) holding the SQL text.</summary>
        public static string Literal(string sql) => "@\"" + sql.Replace("\"", "\"\"") + "\"";

        /// <summary>
        /// <see cref="Literal"/> for a hole of <see cref="SourceWriter"/>'s interpolated lines, which escape the text straight
        /// into the output (no escaped copy, no quoted copy).
        /// </summary>
        public static VerbatimLiteral Verbatim(string sql) => new VerbatimLiteral(sql);
    }

    /// <summary>SQL text to write as a verbatim C# string literal; see <see cref="Ddl.Verbatim"/>.</summary>
    internal readonly struct VerbatimLiteral
    {
        public VerbatimLiteral(string text) => Text = text;

        public string Text { get; }

        public override string ToString() => Ddl.Literal(Text);
    }
}
