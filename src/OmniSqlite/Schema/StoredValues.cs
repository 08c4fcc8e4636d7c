using System;
using System.ComponentModel;

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

        private static ArgumentException NaN(string member)
            => new ArgumentException(member + " is NaN, which SQLite stores as NULL (a NOT NULL column then refuses the row): store null in a nullable member, or another value.", member);
    }
}
