using System;
using System.Collections.Generic;
using System.Globalization;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>
    /// Declared SQLite types (and, where SQLite declares none, the values' storage classes) to PostgreSQL types. The table is
    /// docs/postgresql-migration.md's; a problem (values the type cannot hold) is reported before anything is written.
    /// </summary>
    internal static class TypeMapping
    {
        /// <summary>The PostgreSQL type of a column; adds to <paramref name="problems"/> when its values do not fit that type.</summary>
        public static PostgresType Choose(SourceTable table, SourceColumn column, bool omniSqliteDatabase, IDictionary<string, string> overrides, List<string> problems, List<string> notes)
        {
            string where = table.Name + "." + column.Name;
            ValueCounts v = column.Values;
            PostgresType type;
            if (overrides.TryGetValue(where, out string? chosen))
            {
                type = PostgresType.Parse(chosen) ?? throw new ArgumentException(
                    $"--column-type {where}={chosen}: '{chosen}' is not a type the migration converts to; use bigint, boolean, double precision, numeric, numeric(p,s), text, bytea, timestamptz, timestamp, date, uuid, interval or json.",
                    nameof(overrides));
                // A numeric chosen for OmniSqlite's scaled-integer decimal still reads the integers as value x 10^n.
                if (type.Kind == ColumnKind.Numeric && FromDeclaration(column, omniSqliteDatabase) is { Kind: ColumnKind.Numeric, StoredScale: >= 0 } stored)
                {
                    type = type with { StoredScale = stored.StoredScale };
                }
            }
            else
            {
                type = FromDeclaration(column, omniSqliteDatabase);
                if (type.Kind == ColumnKind.Text && column.DeclaredType.Length > 0 && v.Text > 0 && v.Integer + v.Real + v.Blob == 0)
                {
                    // OmniSqlite writes DateTime as fixed-width text: Kind Utc with a Z, Unspecified without.
                    if (v.UtcDateText == v.Text)
                    {
                        type = PostgresType.Of(ColumnKind.Timestamptz);
                        notes.Add($"{where}: every value is OmniSqlite's UTC DateTime text: timestamptz (PostgreSQL keeps microseconds; the 7th fraction digit is dropped).");
                    }
                    else if (v.LocalDateText == v.Text)
                    {
                        type = PostgresType.Of(ColumnKind.Timestamp);
                        notes.Add($"{where}: every value is OmniSqlite's DateTime text without a zone: timestamp (PostgreSQL keeps microseconds; the 7th fraction digit is dropped).");
                    }
                }
            }

            string? problem = Problem(type, v);
            if (problem != null)
            {
                problems.Add($"{where} ({(column.DeclaredType.Length == 0 ? "no declared type" : column.DeclaredType)} -> {type.Sql}): {problem}; choose another type with --column-type {where}=<type> (text and bytea take any value).");
            }

            if (column.Hidden > 1)
            {
                notes.Add($"{where}: a generated column in SQLite, copied as a plain column (its expression is SQLite's).");
            }

            return type;
        }

        private static PostgresType FromDeclaration(SourceColumn column, bool omniSqliteDatabase)
        {
            string declared = column.DeclaredType.Trim().ToUpperInvariant();
            int paren = declared.IndexOf('(', StringComparison.Ordinal);
            string name = (paren >= 0 ? declared.Substring(0, paren) : declared).Trim();
            string args = paren >= 0 ? declared.Substring(paren) : "";
            switch (name)
            {
                case "BOOL":
                case "BOOLEAN":
                    return PostgresType.Of(ColumnKind.Boolean);
                case "TEXT_UTC":
                case "DATETIME":
                case "DATETIMEOFFSET":
                case "TIMESTAMP":
                case "TIMESTAMPTZ":
                    return PostgresType.Of(ColumnKind.Timestamptz);
                case "DATE":
                    return PostgresType.Of(ColumnKind.Date);
                case "GUID":
                case "UUID":
                case "UNIQUEIDENTIFIER":
                    return PostgresType.Of(ColumnKind.Uuid);
                case "JSON":
                case "JSONB":
                    return PostgresType.Of(ColumnKind.Json);
                case "DECIMAL":
                case "NUMERIC":
                    var ps = args.Length > 0 ? PostgresType.PrecisionScale(args) : null;
                    // OmniSqlite's generator declares DECIMAL(18,n) for a decimal with a Scale and stores value x 10^n as an integer;
                    // a long scaled that way has up to 19 digits.
                    if (omniSqliteDatabase && name == "DECIMAL" && ps is { Precision: 18, Scale: { } scale } && scale <= 18)
                    {
                        return new PostgresType(ColumnKind.Numeric, "numeric(19," + scale.ToString(CultureInfo.InvariantCulture) + ")", scale);
                    }

                    return ps is { } p ? new PostgresType(ColumnKind.Numeric, p.Scale is { } s ? $"numeric({p.Precision},{s})" : $"numeric({p.Precision})") : PostgresType.Of(ColumnKind.Numeric);
            }

            // SQLite's own affinity rules (https://sqlite.org/datatype3.html#determination_of_column_affinity), in its order.
            if (declared.Contains("INT", StringComparison.Ordinal))
            {
                return PostgresType.Of(ColumnKind.Bigint);
            }

            if (declared.Contains("CHAR", StringComparison.Ordinal) || declared.Contains("CLOB", StringComparison.Ordinal) || declared.Contains("TEXT", StringComparison.Ordinal))
            {
                return PostgresType.Of(ColumnKind.Text);
            }

            if (declared.Length == 0)
            {
                return ByValues(column.Values);
            }

            if (declared.Contains("BLOB", StringComparison.Ordinal))
            {
                return PostgresType.Of(ColumnKind.Bytea);
            }

            if (declared.Contains("REAL", StringComparison.Ordinal) || declared.Contains("FLOA", StringComparison.Ordinal) || declared.Contains("DOUB", StringComparison.Ordinal))
            {
                return PostgresType.Of(ColumnKind.Double);
            }

            return PostgresType.Of(ColumnKind.Numeric);
        }

        /// <summary>A column declared without a type holds whatever was written: the type follows the storage classes found.</summary>
        private static PostgresType ByValues(ValueCounts v)
        {
            if (v.Blob > 0)
            {
                return PostgresType.Of(ColumnKind.Bytea);
            }

            if (v.Text > 0)
            {
                return PostgresType.Of(ColumnKind.Text);
            }

            if (v.Real > 0)
            {
                return PostgresType.Of(ColumnKind.Double);
            }

            return PostgresType.Of(v.Integer > 0 ? ColumnKind.Bigint : ColumnKind.Text);
        }

        /// <summary>Why the column's values cannot all be converted to <paramref name="type"/>; null when they can.</summary>
        private static string? Problem(PostgresType type, ValueCounts v)
        {
            string Count(long n, string what) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + what;
            return type.Kind switch
            {
                ColumnKind.Bigint when v.Real + v.Text + v.Blob > 0 => Count(v.Real + v.Text + v.Blob, "values are not integers"),
                ColumnKind.Boolean when v.Real + v.Text + v.Blob + v.NotZeroOrOne > 0 => Count(v.Real + v.Text + v.Blob + v.NotZeroOrOne, "values are not 0 or 1"),
                ColumnKind.Double when v.Text + v.Blob > 0 => Count(v.Text + v.Blob, "values are not numbers"),
                ColumnKind.Numeric when type.StoredScale >= 0 && v.Real + v.Text + v.Blob > 0 => Count(v.Real + v.Text + v.Blob, "values are not OmniSqlite's scaled integers"),
                ColumnKind.Numeric when v.Blob > 0 => Count(v.Blob, "values are blobs"),
                ColumnKind.Text or ColumnKind.Json when v.Blob > 0 => Count(v.Blob, "values are blobs"),
                ColumnKind.Text or ColumnKind.Json when v.TextWithNul > 0 => Count(v.TextWithNul, "values hold a NUL character, which PostgreSQL text cannot store"),
                ColumnKind.Bytea when v.Integer + v.Real > 0 => Count(v.Integer + v.Real, "values are numbers"),
                ColumnKind.Timestamptz or ColumnKind.Timestamp or ColumnKind.Date when v.Integer + v.Real + v.Blob > 0 => Count(v.Integer + v.Real + v.Blob, "values are not date text"),
                ColumnKind.Uuid when v.Integer + v.Real > 0 || v.Blob > 0 && v.NotSixteenBytes > 0 => Count(v.Integer + v.Real + v.NotSixteenBytes, "values are neither 16-byte blobs nor Guid text"),
                ColumnKind.Interval when v.Real + v.Text + v.Blob > 0 => Count(v.Real + v.Text + v.Blob, "values are not integer ticks"),
                _ => null,
            };
        }
    }
}
