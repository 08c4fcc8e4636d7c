using System;
using System.ComponentModel;
using System.Globalization;

namespace OmniSqlite.Schema
{
    /// <summary>
    /// Checks the generated repositories run on values SQLite would store changed, so a write fails with a message that
    /// names the entity and member instead of reading back something else. Called by generated code.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class StoredValues
    {
        /// <summary>Refuses NaN: SQLite stores a NaN REAL as NULL.</summary>
        public static double Real(double value, string member)
            => double.IsNaN(value) ? throw NaN(member) : value;

        /// <summary>Refuses NaN: SQLite stores a NaN REAL as NULL.</summary>
        public static float Real(float value, string member)
            => float.IsNaN(value) ? throw NaN(member) : value;

        /// <summary>Refuses a lone UTF-16 surrogate: SQLite keeps text as UTF-8, where it becomes U+FFFD.</summary>
        public static string? Text(string? value, string member)
        {
            if (value is null) return null;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < '\uD800' || c > '\uDFFF') continue;
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
                throw new ArgumentException(member + " holds a lone UTF-16 surrogate (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)
                    + " at index " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "), which SQLite's UTF-8 text cannot hold: it would come back as U+FFFD. Fix the string, or store it as byte[].", member);
            }
            return value;
        }

        /// <summary>Fixed width, so text order is time order: <c>2026-12-01 05:00:00.0000000</c>.</summary>
        private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.fffffff";

        /// <summary>Every form a DateTime or DateTimeOffset column may hold: ours, and Microsoft.Data.Sqlite's (trimmed fraction, offset).</summary>
        private static readonly string[] s_timestampForms = { "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK" };

        /// <summary>
        /// A DateTime as stored: fixed-width text, so text order is C#'s order. Utc gets a trailing <c>Z</c> and comes back Utc;
        /// Local is stored as its UTC instant with <c>Z</c> and comes back Utc (the instant is kept, the machine's zone is not
        /// data); Unspecified is stored as written and comes back Unspecified.
        /// </summary>
        public static string DateTimeText(DateTime value) => value.Kind switch
        {
            DateTimeKind.Utc => value.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z",
            DateTimeKind.Local => value.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z",
            _ => value.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        };

        /// <summary>Reads <see cref="DateTimeText"/> (and Microsoft.Data.Sqlite's older form): a trailing Z gives Kind Utc, none gives Unspecified.</summary>
        public static DateTime DateTimeFromText(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (text.Length == 27 && DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var plain))
                return plain;
            if (text.Length == 28 && text[27] == 'Z' && DateTime.TryParseExact(text, TimestampFormat + "'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
                return utc;
            return DateTime.ParseExact(text, s_timestampForms, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }

        /// <summary>
        /// A DateTimeOffset as stored: its UTC instant as fixed-width text with <c>Z</c>, so text order and equality are the
        /// instant's (as DateTimeOffset's own comparison). The offset is not kept: the value comes back at offset +00:00, equal to what went in.
        /// </summary>
        public static string DateTimeOffsetText(DateTimeOffset value)
            => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z";

        /// <summary>Reads <see cref="DateTimeOffsetText"/> (and Microsoft.Data.Sqlite's older form with an offset, which is kept).</summary>
        public static DateTimeOffset DateTimeOffsetFromText(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (text.Length == 28 && text[27] == 'Z' && DateTime.TryParseExact(text, TimestampFormat + "'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
                return new DateTimeOffset(utc);
            return DateTimeOffset.ParseExact(text, s_timestampForms, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        /// <summary>
        /// A decimal of a <c>[Column(Scale = n)]</c> member as stored: the value times 10^scale as an INTEGER, so SQL order,
        /// equality and SUM are exact. Refuses a value with more decimal places than the scale, or beyond a 64-bit integer.
        /// </summary>
        public static long ScaledDecimal(decimal value, int scale, string member)
        {
            decimal scaled;
            try { scaled = value * Pow10(scale); }
            catch (OverflowException) { throw OutOfRange(value, scale, member); }
            if (scaled != decimal.Truncate(scaled))
                throw new ArgumentException(member + " = " + value.ToString(CultureInfo.InvariantCulture) + " has more than " + scale.ToString(CultureInfo.InvariantCulture)
                    + " decimal places, the scale its column stores ([Column(Scale = " + scale.ToString(CultureInfo.InvariantCulture) + ")]): round it first (decimal.Round), or declare a larger Scale.", member);
            if (scaled < long.MinValue || scaled > long.MaxValue) throw OutOfRange(value, scale, member);
            return decimal.ToInt64(scaled);
        }

        /// <summary>Like <see cref="ScaledDecimal"/> without the exception: false for more places than the scale or beyond 64 bits (a migration counts those rows).</summary>
        internal static bool TryScale(decimal value, int scale, out long stored)
        {
            stored = 0;
            decimal scaled;
            try { scaled = value * Pow10(scale); }
            catch (OverflowException) { return false; }
            if (scaled != decimal.Truncate(scaled) || scaled < long.MinValue || scaled > long.MaxValue) return false;
            stored = decimal.ToInt64(scaled);
            return true;
        }

        /// <summary>Reads <see cref="ScaledDecimal"/>: the value with exactly <paramref name="scale"/> decimal places (1.5 at scale 2 comes back 1.50, equal to 1.5).</summary>
        public static decimal DecimalFromScaled(long stored, int scale)
        {
            bool negative = stored < 0;
            ulong magnitude = negative ? unchecked((ulong)(-(stored + 1)) + 1UL) : unchecked((ulong)stored);
            return new decimal(unchecked((int)(uint)magnitude), unchecked((int)(uint)(magnitude >> 32)), 0, negative, checked((byte)scale));
        }

        private static decimal Pow10(int scale)
        {
            if (scale < 0 || scale > 18) throw new ArgumentOutOfRangeException(nameof(scale), scale, "A decimal column's Scale is 0 to 18.");
            decimal p = 1m;
            for (int i = 0; i < scale; i++) p *= 10m;
            return p;
        }

        private static ArgumentException OutOfRange(decimal value, int scale, string member)
            => new ArgumentException(member + " = " + value.ToString(CultureInfo.InvariantCulture) + " does not fit its column: at Scale " + scale.ToString(CultureInfo.InvariantCulture)
                + " a decimal is stored as a 64-bit integer of value x 10^" + scale.ToString(CultureInfo.InvariantCulture) + ", so it must lie within ±" + (long.MaxValue / Pow10(scale)).ToString(CultureInfo.InvariantCulture)
                + ". Declare a smaller Scale, or store the member without one (TEXT, which compares as text).", member);

        private static ArgumentException NaN(string member)
            => new ArgumentException(member + " is NaN, which SQLite stores as NULL (a NOT NULL column then refuses the row): store null in a nullable member, or another value.", member);
    }
}
