using System.Linq;
using System.Text;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>SQL text for one entity: DDL and the statements its repository runs. Identifiers are always quoted. Names and types come resolved on the model.</summary>
    internal static class Ddl
    {
        public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

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
            var sb = new StringBuilder(Quote(c.ColumnName)).Append(' ').Append(c.SqlType);
            if (c.IsPrimaryKey)
            {
                sb.Append(" PRIMARY KEY");
                if (c.IsAutoIncrement) sb.Append(" AUTOINCREMENT");
                if (!IsIntegerKey(c)) sb.Append(" NOT NULL");
            }
            else if (!c.IsNullable) sb.Append(" NOT NULL");
            if (c.DefaultSql != null) sb.Append(" DEFAULT ").Append(c.DefaultSql);
            if (c.ForeignKey is { } fk) sb.Append(' ').Append(References(fk));
            return sb.ToString();
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
            => "CREATE TABLE IF NOT EXISTS " + Quote(e.TableName) + " (" + string.Join(", ", e.Columns.Select(ColumnDefinition)) + ")";

        /// <summary>ALTER TABLE ADD COLUMN for additive migration; null for the primary key (SQLite cannot add one).</summary>
        public static string? AddColumn(EntityModel e, ColumnModel c)
        {
            if (c.IsPrimaryKey) return null;
            var sql = "ALTER TABLE " + Quote(e.TableName) + " ADD COLUMN " + ColumnDefinition(c);
            return c.IsNullable || c.DefaultSql != null ? sql : sql + " DEFAULT " + DefaultLiteral(c);
        }

        public static string CreateIndex(EntityModel e, IndexModel index)
            => "CREATE " + (index.IsUnique ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + Quote(index.Name) + " ON " + Quote(e.TableName)
               + " (" + string.Join(", ", index.ColumnNames.Select(Quote)) + ")";

        public static string SelectList(EntityModel e) => string.Join(", ", e.Columns.Select(c => Quote(c.ColumnName)));

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
