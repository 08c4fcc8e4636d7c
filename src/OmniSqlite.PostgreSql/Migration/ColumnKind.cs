using System;
using System.Globalization;
using NpgsqlTypes;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>The PostgreSQL types a migrated column can have; each has one conversion from SQLite values and one canonical text.</summary>
    internal enum ColumnKind
    {
        Bigint,
        Boolean,
        Double,
        Numeric,
        Text,
        Bytea,
        Timestamptz,
        Timestamp,
        Date,
        Uuid,
        Interval,
        Json,
    }

    /// <summary>A column's PostgreSQL type: the kind, the SQL text to declare it, and for OmniSqlite's DECIMAL(18,n) the scale its integers carry.</summary>
    internal sealed record PostgresType(ColumnKind Kind, string Sql, int StoredScale = -1)
    {
        public NpgsqlDbType DbType => Kind switch
        {
            ColumnKind.Bigint => NpgsqlDbType.Bigint,
            ColumnKind.Boolean => NpgsqlDbType.Boolean,
            ColumnKind.Double => NpgsqlDbType.Double,
            ColumnKind.Numeric => NpgsqlDbType.Numeric,
            ColumnKind.Text => NpgsqlDbType.Text,
            ColumnKind.Bytea => NpgsqlDbType.Bytea,
            ColumnKind.Timestamptz => NpgsqlDbType.TimestampTz,
            ColumnKind.Timestamp => NpgsqlDbType.Timestamp,
            ColumnKind.Date => NpgsqlDbType.Date,
            ColumnKind.Uuid => NpgsqlDbType.Uuid,
            ColumnKind.Interval => NpgsqlDbType.Interval,
            _ => NpgsqlDbType.Json,
        };

        public static PostgresType Of(ColumnKind kind) => new(kind, kind switch
        {
            ColumnKind.Bigint => "bigint",
            ColumnKind.Boolean => "boolean",
            ColumnKind.Double => "double precision",
            ColumnKind.Numeric => "numeric",
            ColumnKind.Text => "text",
            ColumnKind.Bytea => "bytea",
            ColumnKind.Timestamptz => "timestamptz",
            ColumnKind.Timestamp => "timestamp",
            ColumnKind.Date => "date",
            ColumnKind.Uuid => "uuid",
            ColumnKind.Interval => "interval",
            _ => "json",
        });

        /// <summary>A type named in <see cref="MigrationOptions.ColumnTypes"/>; null when it is not one the migration converts to.</summary>
        public static PostgresType? Parse(string name)
        {
            string n = string.Join(" ", name.Trim().ToLowerInvariant().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
            ColumnKind? kind = n switch
            {
                "bigint" or "int8" or "integer" or "int" => ColumnKind.Bigint,
                "boolean" or "bool" => ColumnKind.Boolean,
                "double precision" or "float8" or "double" => ColumnKind.Double,
                "numeric" or "decimal" => ColumnKind.Numeric,
                "text" => ColumnKind.Text,
                "bytea" => ColumnKind.Bytea,
                "timestamptz" or "timestamp with time zone" => ColumnKind.Timestamptz,
                "timestamp" or "timestamp without time zone" => ColumnKind.Timestamp,
                "date" => ColumnKind.Date,
                "uuid" => ColumnKind.Uuid,
                "interval" => ColumnKind.Interval,
                "json" => ColumnKind.Json,
                _ => null,
            };
            if (kind is { } k)
            {
                return Of(k);
            }

            // numeric(p,s) / decimal(p,s)
            if ((n.StartsWith("numeric(", StringComparison.Ordinal) || n.StartsWith("decimal(", StringComparison.Ordinal)) && n.EndsWith(")", StringComparison.Ordinal)
                && PrecisionScale(n.Substring(n.IndexOf('(', StringComparison.Ordinal))) is { } ps)
            {
                return new PostgresType(ColumnKind.Numeric, ps.Scale is { } s ? $"numeric({ps.Precision},{s})" : $"numeric({ps.Precision})");
            }

            return null;
        }

        /// <summary>"(10,2)" or "(10)" as numbers; null when not that shape.</summary>
        public static (int Precision, int? Scale)? PrecisionScale(string parenthesized)
        {
            string inner = parenthesized.Trim().TrimStart('(').TrimEnd(')');
            string[] parts = inner.Split(',');
            if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p is < 1 or > 1000)
            {
                return null;
            }

            if (parts.Length == 1)
            {
                return (p, null);
            }

            return int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s <= p ? (p, s) : null;
        }
    }
}
