#if NET
using System;

namespace OmniSqlite.Native
{
    /// <summary>
    /// The fixed-width timestamp text of <see cref="Schema.StoredValues.DateTimeText"/> (<c>yyyy-MM-dd HH:mm:ss.fffffff</c>,
    /// <c>Z</c> for UTC) written and read as UTF-8 bytes, so the native path binds and reads dates without a string per value.
    /// The bytes are the same as StoredValues' text; anything that is not exactly this form is left to StoredValues.
    /// </summary>
    internal static class StoredText
    {
        /// <summary>Length without the <c>Z</c>.</summary>
        public const int TimestampLength = 27;

        /// <summary>Writes <paramref name="value"/> (at least 28 bytes of room) as StoredValues.DateTimeText does; returns the length.</summary>
        public static int WriteDateTime(DateTime value, Span<byte> text)
        {
            bool utc = value.Kind != DateTimeKind.Unspecified;
            if (value.Kind == DateTimeKind.Local) value = value.ToUniversalTime();
            WriteTimestamp(value, text);
            if (!utc) return TimestampLength;
            text[TimestampLength] = (byte)'Z';
            return TimestampLength + 1;
        }

        /// <summary>StoredValues.DateTimeOffsetText: the UTC instant with <c>Z</c> (28 bytes).</summary>
        public static int WriteDateTimeOffset(DateTimeOffset value, Span<byte> text)
        {
            WriteTimestamp(value.UtcDateTime, text);
            text[TimestampLength] = (byte)'Z';
            return TimestampLength + 1;
        }

        private static void WriteTimestamp(DateTime value, Span<byte> text)
        {
            Digits(text.Slice(0, 4), value.Year);
            text[4] = (byte)'-';
            Digits(text.Slice(5, 2), value.Month);
            text[7] = (byte)'-';
            Digits(text.Slice(8, 2), value.Day);
            text[10] = (byte)' ';
            Digits(text.Slice(11, 2), value.Hour);
            text[13] = (byte)':';
            Digits(text.Slice(14, 2), value.Minute);
            text[16] = (byte)':';
            Digits(text.Slice(17, 2), value.Second);
            text[19] = (byte)'.';
            Digits(text.Slice(20, 7), (int)(value.Ticks % TimeSpan.TicksPerSecond));
        }

        private static void Digits(Span<byte> text, int value)
        {
            for (int i = text.Length - 1; i >= 0; i--)
            {
                text[i] = (byte)('0' + value % 10);
                value /= 10;
            }
        }

        /// <summary>
        /// Reads the 27-byte form (Kind Unspecified) or the 28-byte form with <c>Z</c> (Kind Utc), as StoredValues.DateTimeFromText
        /// does; false for anything else (older forms, bad text), which the caller hands to StoredValues.
        /// </summary>
        public static bool TryReadDateTime(ReadOnlySpan<byte> text, out DateTime value)
        {
            value = default;
            if (text.Length == TimestampLength + 1 && text[TimestampLength] == (byte)'Z')
            {
                if (!TryReadTimestamp(text, DateTimeKind.Utc, out value)) return false;
                return true;
            }
            return text.Length == TimestampLength && TryReadTimestamp(text, DateTimeKind.Unspecified, out value);
        }

        /// <summary>The 28-byte UTC form as StoredValues.DateTimeOffsetFromText reads it (offset +00:00); false for anything else.</summary>
        public static bool TryReadDateTimeOffset(ReadOnlySpan<byte> text, out DateTimeOffset value)
        {
            value = default;
            if (text.Length != TimestampLength + 1 || text[TimestampLength] != (byte)'Z' || !TryReadTimestamp(text, DateTimeKind.Utc, out var utc)) return false;
            value = new DateTimeOffset(utc);
            return true;
        }

        private static bool TryReadTimestamp(ReadOnlySpan<byte> text, DateTimeKind kind, out DateTime value)
        {
            value = default;
            if (text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':' || text[19] != '.') return false;
            if (!TryDigits(text.Slice(0, 4), out int year) || !TryDigits(text.Slice(5, 2), out int month) || !TryDigits(text.Slice(8, 2), out int day)
                || !TryDigits(text.Slice(11, 2), out int hour) || !TryDigits(text.Slice(14, 2), out int minute) || !TryDigits(text.Slice(17, 2), out int second)
                || !TryDigits(text.Slice(20, 7), out int fraction))
                return false;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
            value = new DateTime(year, month, day, hour, minute, second, kind).AddTicks(fraction);
            return true;
        }

        private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
        {
            value = 0;
            foreach (var b in text)
            {
                uint digit = (uint)(b - '0');
                if (digit > 9) return false;
                value = value * 10 + (int)digit;
            }
            return true;
        }
    }
}
#endif
