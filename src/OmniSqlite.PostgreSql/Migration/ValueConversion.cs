using System;
using System.Globalization;
using System.Text;

namespace OmniSqlite.PostgreSql.Migration
{
    /// <summary>
    /// One SQLite value (long, double, string or byte[], as Microsoft.Data.Sqlite returns its storage class) to the .NET value
    /// Npgsql writes for the column's PostgreSQL type, and the canonical text both sides of the checksum use.
    /// </summary>
    internal static class ValueConversion
    {
        private static readonly string[] DateTimeFormats =
        {
            "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-ddTHH:mm:ssK",
            "yyyy-MM-dd HH:mmK", "yyyy-MM-ddTHH:mmK", "yyyy-MM-dd",
        };

        /// <summary>The value to write; <paramref name="truncated"/> counts values cut to PostgreSQL's microseconds.</summary>
        public static object Convert(PostgresType type, object value, ref long truncated)
        {
            switch (type.Kind)
            {
                case ColumnKind.Bigint:
                    return (long)value;
                case ColumnKind.Boolean:
                    return (long)value != 0;
                case ColumnKind.Double:
                    return value is long l ? (double)l : (double)value;
                case ColumnKind.Numeric:
                    return Numeric(type, value);
                case ColumnKind.Text:
                case ColumnKind.Json:
                    return value switch
                    {
                        string s => s,
                        long n => n.ToString(CultureInfo.InvariantCulture),
                        _ => ((double)value).ToString("R", CultureInfo.InvariantCulture),
                    };
                case ColumnKind.Bytea:
                    return value as byte[] ?? Encoding.UTF8.GetBytes((string)value);
                case ColumnKind.Timestamptz:
                    return Microseconds(ParseDateTime((string)value), ref truncated);
                case ColumnKind.Timestamp:
                    return DateTime.SpecifyKind(Microseconds(ParseDateTime((string)value), ref truncated), DateTimeKind.Unspecified);
                case ColumnKind.Date:
                    return DateOnly.FromDateTime(ParseDateTime((string)value));
                case ColumnKind.Uuid:
                    // OmniSqlite stores a Guid as Guid.ToByteArray(); new Guid(bytes) is its inverse.
                    return value is byte[] b ? new Guid(b) : Guid.Parse((string)value);
                default:
                    long ticks = (long)value;
                    if (ticks % 10 != 0)
                    {
                        truncated++;
                    }

                    return TimeSpan.FromTicks(ticks - ticks % 10);
            }
        }

        private static decimal Numeric(PostgresType type, object value)
        {
            if (type.StoredScale >= 0)
            {
                // OmniSqlite's DECIMAL(18,n): the integer is value x 10^n (decimal division by a power of ten is exact).
                return (long)value / Pow10(type.StoredScale);
            }

            return value switch
            {
                long n => n,
                double d => (decimal)d,
                _ => decimal.Parse((string)value, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }

        private static decimal Pow10(int n)
        {
            decimal p = 1m;
            for (int i = 0; i < n; i++)
            {
                p *= 10m;
            }

            return p;
        }

        /// <summary>Date text as SQLite's date functions and OmniSqlite write it; without an offset it is taken as UTC.</summary>
        internal static DateTime ParseDateTime(string text)
        {
            if (DateTimeOffset.TryParseExact(text.Trim(), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value))
            {
                return value.UtcDateTime;
            }

            throw new FormatException($"'{text}' is not date text (yyyy-MM-dd HH:mm:ss.fffffff, optionally with T, Z or an offset)");
        }

        private static DateTime Microseconds(DateTime value, ref long truncated)
        {
            long extra = value.Ticks % 10;
            if (extra == 0)
            {
                return value;
            }

            truncated++;
            return value.AddTicks(-extra);
        }

        /// <summary>The canonical text of a converted value (both sides of the checksum): one spelling per value, whatever produced it.</summary>
        public static string Canonical(ColumnKind kind, object value) => kind switch
        {
            ColumnKind.Bigint => ((long)value).ToString(CultureInfo.InvariantCulture),
            ColumnKind.Boolean => (bool)value ? "t" : "f",
            ColumnKind.Double => ((double)value).ToString("R", CultureInfo.InvariantCulture),
            ColumnKind.Numeric => Normalized((decimal)value),
            ColumnKind.Timestamptz or ColumnKind.Timestamp => ((DateTime)value).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ColumnKind.Date => ((DateOnly)value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ColumnKind.Uuid => ((Guid)value).ToString("D"),
            ColumnKind.Interval => ((TimeSpan)value).Ticks.ToString(CultureInfo.InvariantCulture),
            _ => (string)value,
        };

        /// <summary>1.50 and 1.5 are one number (PostgreSQL's numeric(p,2) gives back 1.50); -0 is 0.</summary>
        internal static string Normalized(decimal value)
        {
            if (value == 0m)
            {
                return "0";
            }

            string text = value.ToString(CultureInfo.InvariantCulture);
            return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
        }
    }
}
