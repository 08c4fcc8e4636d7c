using System;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Schema.Migrations
{
    /// <summary>
    /// Converts rows stored in an older format (Microsoft.Data.Sqlite's text, as the first versions wrote DateTime,
    /// DateTimeOffset, TimeSpan and decimal, or a decimal at another scale) to the column's <see cref="ColumnStorage"/>, in the
    /// rebuild's <c>INSERT ... SELECT</c>. Rows already in the format are recognised in SQL and copied as they are; the others
    /// go through <see cref="Function"/>, a C# function registered on the connection, because SQL cannot parse dates with
    /// offsets or turn decimal text into a scaled integer exactly (never through REAL). It returns NULL for a value it cannot
    /// convert, which is how the planner counts and names those rows before anything is written.
    /// </summary>
    internal static class StoredFormats
    {
        internal const string Function = "omnisqlite_stored_value";

        /// <summary>The fixed-width timestamp the stored formats use, as a GLOB: exactly 7 fraction digits.</summary>
        private const string Stamp = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9][0-9]";

        /// <summary>Forms without an offset that Microsoft.Data.Sqlite (and people by hand) wrote: trimmed fraction, space or T.</summary>
        private static readonly string[] s_plainForms = { "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd" };
        private static readonly string[] s_offsetForms = { "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mmzzz", "yyyy-MM-ddTHH:mmzzz" };

        /// <summary>Makes <see cref="Function"/> available to the plan's checks and the rebuild (deterministic, so SQLite may use it anywhere).</summary>
        public static void Register(SqliteConnection connection)
            => connection.CreateFunction<string, string, object, object?>(Function, Convert, isDeterministic: true);

        /// <summary>What the format is, in words, for messages.</summary>
        public static string Describe(ColumnStorage storage, string sqlType) => storage switch
        {
            ColumnStorage.DateTime => "a DateTime (fixed-width text yyyy-MM-dd HH:mm:ss.fffffff, Z when Utc)",
            ColumnStorage.DateTimeOffset => "a DateTimeOffset (its UTC instant as fixed-width text with Z)",
            ColumnStorage.TimeSpan => "a TimeSpan (ticks, INTEGER)",
            _ => "a decimal at scale " + Scale(sqlType).ToString(CultureInfo.InvariantCulture) + " (an exact INTEGER of value x 10^" + Scale(sqlType).ToString(CultureInfo.InvariantCulture) + ")",
        };

        /// <summary>
        /// SQL: the value of <paramref name="x"/> needs converting. A decimal whose declared scale changed is converted whatever it
        /// holds (its integers mean another scale); otherwise only values not already in the format.
        /// </summary>
        public static string Outdated(ColumnStorage storage, string newType, string oldType, string x)
            => x + " IS NOT NULL" + (Shortcut(storage, newType, oldType) ? " AND NOT " + InFormat(storage, x) : "");

        /// <summary>SQL: the value needs converting and cannot be (the function gives NULL).</summary>
        public static string Unconvertible(ColumnStorage storage, string newType, string oldType, string x)
            => Outdated(storage, newType, oldType, x) + " AND " + Call(storage, newType, oldType, x) + " IS NULL";

        /// <summary>SQL for the rebuild's SELECT list: the value in the column's format.</summary>
        public static string Converted(ColumnStorage storage, string newType, string oldType, string x)
            => "CASE WHEN " + x + " IS NULL" + (Shortcut(storage, newType, oldType) ? " OR " + InFormat(storage, x) : "") + " THEN " + x
               + " ELSE " + Call(storage, newType, oldType, x) + " END";

        private static bool Shortcut(ColumnStorage storage, string newType, string oldType)
            => storage != ColumnStorage.ScaledDecimal || string.Equals(newType.Trim(), oldType.Trim(), StringComparison.OrdinalIgnoreCase);

        private static string InFormat(ColumnStorage storage, string x) => storage switch
        {
            ColumnStorage.DateTime => "(typeof(" + x + ") = 'text' AND (" + x + " GLOB '" + Stamp + "' OR " + x + " GLOB '" + Stamp + "Z'))",
            ColumnStorage.DateTimeOffset => "(typeof(" + x + ") = 'text' AND " + x + " GLOB '" + Stamp + "Z')",
            _ => "typeof(" + x + ") = 'integer'",
        };

        private static string Call(ColumnStorage storage, string newType, string oldType, string x)
            => Function + "('" + Target(storage, newType) + "', " + SchemaPlanner.Literal(oldType) + ", " + x + ")";

        private static string Target(ColumnStorage storage, string newType)
            => storage == ColumnStorage.ScaledDecimal ? "decimal:" + Scale(newType).ToString(CultureInfo.InvariantCulture) : storage.ToString();

        /// <summary>n of <c>DECIMAL(18,n)</c>; -1 for any other declared type.</summary>
        internal static int Scale(string sqlType)
        {
            var t = sqlType.Replace(" ", "");
            const string prefix = "DECIMAL(18,";
            if (!t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || !t.EndsWith(")", StringComparison.Ordinal)) return -1;
            return int.TryParse(t.Substring(prefix.Length, t.Length - prefix.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 18 ? n : -1;
        }

        /// <summary>
        /// The function: <paramref name="target"/> is <c>DateTime</c>, <c>DateTimeOffset</c>, <c>TimeSpan</c> or <c>decimal:n</c>;
        /// <paramref name="oldType"/> the column's declared type before the migration (an integer in a <c>DECIMAL(18,m)</c> column
        /// means value x 10^m). Null when the value cannot convert exactly.
        /// </summary>
        internal static object? Convert(string target, string oldType, object value)
        {
            try
            {
                return target switch
                {
                    "DateTime" => value is string s ? DateTimeValue(s) : null,
                    "DateTimeOffset" => value is string s ? DateTimeOffsetValue(s) : null,
                    "TimeSpan" => value switch
                    {
                        long ticks => ticks,
                        string s when TimeSpan.TryParseExact(s, "c", CultureInfo.InvariantCulture, out var span) => span.Ticks,
                        _ => null,
                    },
                    _ when target.StartsWith("decimal:", StringComparison.Ordinal) => DecimalValue(value, oldType, int.Parse(target.Substring(8), CultureInfo.InvariantCulture)),
                    _ => null,
                };
            }
            catch (ArgumentException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        private static string? DateTimeValue(string s)
        {
            // Microsoft.Data.Sqlite wrote every DateTime without its Kind: those come back Unspecified, as they always did.
            if (DateTime.TryParseExact(s, s_plainForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
                return StoredValues.DateTimeText(plain);
            if (s.EndsWith("Z", StringComparison.Ordinal)
                && DateTime.TryParseExact(s.Substring(0, s.Length - 1), s_plainForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc))
                return StoredValues.DateTimeText(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
            // An offset: the instant, as Utc (the DateTime of an offset is not a clock reading of any zone of ours).
            if (DateTimeOffset.TryParseExact(s, s_offsetForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
                return StoredValues.DateTimeText(instant.UtcDateTime);
            return null;
        }

        private static string? DateTimeOffsetValue(string s)
        {
            if (DateTimeOffset.TryParseExact(s, s_offsetForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
                return StoredValues.DateTimeOffsetText(withOffset);
            // No offset, or Z: UTC, as the reader has always taken it.
            var text = s.EndsWith("Z", StringComparison.Ordinal) ? s.Substring(0, s.Length - 1) : s;
            if (DateTime.TryParseExact(text, s_plainForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var utc))
                return StoredValues.DateTimeOffsetText(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
            return null;
        }

        private static object? DecimalValue(object value, string oldType, int scale)
        {
            decimal number;
            switch (value)
            {
                case long integer:
                    int oldScale = Scale(oldType);
                    number = oldScale >= 0 ? StoredValues.DecimalFromScaled(integer, oldScale) : integer;
                    break;
                case double real:
                    // Only a REAL that is exactly the decimal it prints as (1.5, 0.25): anything else would be a guess.
                    number = (decimal)real;
                    if ((double)number != real) return null;
                    break;
                case string text:
                    // decimal.TryParse is exact to 28-29 digits: the text Microsoft.Data.Sqlite wrote ("0.0###...") never goes through a double.
                    if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return null;
                    break;
                default:
                    return null;
            }
            return StoredValues.TryScale(number, scale, out var stored) ? stored : null;
        }
    }
}
