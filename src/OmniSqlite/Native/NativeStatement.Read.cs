using System;
#if NET
using System.Buffers.Text;
#endif
using System.Globalization;
using System.Text;
using SQLitePCL;

namespace OmniSqlite.Native
{
    /// <summary>
    /// Typed column reads of the current row, with the names and conversions of <c>SqliteDataReader</c>'s getters
    /// (Microsoft.Data.Sqlite's <c>SqliteValueReader</c>): the generated row readers are the same text on both paths.
    /// Reading NULL with a non-nullable getter throws as Microsoft.Data.Sqlite does; narrowing is checked.
    /// </summary>
    public sealed partial class NativeStatement
    {
        /// <summary>Julian day of 0001-01-01 00:00 in milliseconds (SQLite keeps date arithmetic in ms).</summary>
        private const long JulianEpochMilliseconds = 148_731_163_200_000;

        public bool IsDBNull(int ordinal) => raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_NULL;

        private int NotNull(int ordinal)
        {
            int type = raw.sqlite3_column_type(_stmt, ordinal);
            if (type == raw.SQLITE_NULL)
                throw new InvalidOperationException("The data is NULL at ordinal " + ordinal.ToString(CultureInfo.InvariantCulture) + ". This method can't be called on NULL values. Check using IsDBNull before calling.");
            return type;
        }

        // NULL reads as 0 (or a null pointer for text): only then is the column's type asked, to throw for NULL as
        // Microsoft.Data.Sqlite does, so a typical read costs one native call per column.
        public long GetInt64(int ordinal)
        {
            long value = raw.sqlite3_column_int64(_stmt, ordinal);
            if (value == 0) NotNull(ordinal);
            return value;
        }

        public int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

        public short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

        public byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

        public bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

        public double GetDouble(int ordinal)
        {
            double value = raw.sqlite3_column_double(_stmt, ordinal);
            if (value == 0) NotNull(ordinal);
            return value;
        }

        public float GetFloat(int ordinal) => (float)GetDouble(ordinal);

        public string GetString(int ordinal)
        {
            var value = raw.sqlite3_column_text(_stmt, ordinal).utf8_to_string();
            if (value is null) NotNull(ordinal);
            return value ?? "";
        }

        public byte[] GetBlob(int ordinal)
        {
            NotNull(ordinal);
            return raw.sqlite3_column_blob(_stmt, ordinal).ToArray();
        }

        /// <summary>The column as Microsoft.Data.Sqlite's <c>GetValue</c> gives it: long, double, string, byte[] or DBNull.</summary>
        public object GetValue(int ordinal)
        {
            int type = raw.sqlite3_column_type(_stmt, ordinal);
            if (type == raw.SQLITE_INTEGER) return raw.sqlite3_column_int64(_stmt, ordinal);
            if (type == raw.SQLITE_FLOAT) return raw.sqlite3_column_double(_stmt, ordinal);
            if (type == raw.SQLITE_TEXT) return raw.sqlite3_column_text(_stmt, ordinal).utf8_to_string();
            if (type == raw.SQLITE_BLOB) return raw.sqlite3_column_blob(_stmt, ordinal).ToArray();
            return DBNull.Value;
        }

        public decimal GetDecimal(int ordinal)
        {
#if NET
            return decimal.Parse(Chars(ordinal, stackalloc char[64]), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
#else
            return decimal.Parse(GetString(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
#endif
        }

        public DateTime GetDateTime(int ordinal)
        {
            if (IsNumber(ordinal)) return FromJulianDay(GetDouble(ordinal));
#if NET
            return DateTime.Parse(Chars(ordinal, stackalloc char[64]), CultureInfo.InvariantCulture);
#else
            return DateTime.Parse(GetString(ordinal), CultureInfo.InvariantCulture);
#endif
        }

        public DateTimeOffset GetDateTimeOffset(int ordinal)
        {
            if (IsNumber(ordinal)) return new DateTimeOffset(FromJulianDay(GetDouble(ordinal)));
#if NET
            return DateTimeOffset.Parse(Chars(ordinal, stackalloc char[64]), CultureInfo.InvariantCulture);
#else
            return DateTimeOffset.Parse(GetString(ordinal), CultureInfo.InvariantCulture);
#endif
        }

        public TimeSpan GetTimeSpan(int ordinal)
        {
            if (IsNumber(ordinal)) return TimeSpan.FromDays(GetDouble(ordinal));
#if NET
            return TimeSpan.Parse(Chars(ordinal, stackalloc char[64]), CultureInfo.InvariantCulture);
#else
            return TimeSpan.Parse(GetString(ordinal), CultureInfo.InvariantCulture);
#endif
        }

        /// <summary>A 16-byte BLOB as <c>new Guid(bytes)</c>; text (or a BLOB of another length holding text) parsed.</summary>
        public Guid GetGuid(int ordinal)
        {
            int type = NotNull(ordinal);
            if (type == raw.SQLITE_BLOB)
            {
                var bytes = raw.sqlite3_column_blob(_stmt, ordinal);
#if NET
                return bytes.Length == 16 ? new Guid(bytes) : new Guid(Encoding.UTF8.GetString(bytes));
#else
                return bytes.Length == 16 ? new Guid(bytes.ToArray()) : new Guid(Encoding.UTF8.GetString(bytes.ToArray()));
#endif
            }
#if NET
            if (Utf8Parser.TryParse(raw.sqlite3_column_blob(_stmt, ordinal), out Guid parsed, out int used, 'D') && used == 36) return parsed;
#endif
            return new Guid(GetString(ordinal));
        }

        /// <summary>
        /// A DateTime column as the generated code stores it (<see cref="Schema.StoredValues.DateTimeFromText"/>), parsed from
        /// the UTF-8 bytes without a string; other forms (and NULL, which throws) go through StoredValues.
        /// </summary>
        public DateTime GetStoredDateTime(int ordinal)
        {
#if NET
            if (StoredText.TryReadDateTime(raw.sqlite3_column_blob(_stmt, ordinal), out var value)) return value;
#endif
            return Schema.StoredValues.DateTimeFromText(GetString(ordinal));
        }

        /// <summary>A DateTimeOffset column as the generated code stores it (<see cref="Schema.StoredValues.DateTimeOffsetFromText"/>), without a string.</summary>
        public DateTimeOffset GetStoredDateTimeOffset(int ordinal)
        {
#if NET
            if (StoredText.TryReadDateTimeOffset(raw.sqlite3_column_blob(_stmt, ordinal), out var value)) return value;
#endif
            return Schema.StoredValues.DateTimeOffsetFromText(GetString(ordinal));
        }

        /// <summary>For the types <c>SqliteDataReader</c> reads through <c>GetFieldValue</c> (DateOnly, TimeOnly) and every getter above.</summary>
        public T GetFieldValue<T>(int ordinal)
        {
#if NET
            if (typeof(T) == typeof(DateOnly))
            {
                var value = IsNumber(ordinal) ? DateOnly.FromDateTime(FromJulianDay(GetDouble(ordinal))) : DateOnly.Parse(Chars(ordinal, stackalloc char[64]), CultureInfo.InvariantCulture);
                return (T)(object)value;
            }
            if (typeof(T) == typeof(TimeOnly))
            {
                var value = IsNumber(ordinal) ? TimeOnly.FromTimeSpan(TimeSpan.FromDays(GetDouble(ordinal))) : TimeOnly.Parse(Chars(ordinal, stackalloc char[64]), CultureInfo.InvariantCulture);
                return (T)(object)value;
            }
#endif
            if (typeof(T) == typeof(long)) return (T)(object)GetInt64(ordinal);
            if (typeof(T) == typeof(int)) return (T)(object)GetInt32(ordinal);
            if (typeof(T) == typeof(short)) return (T)(object)GetInt16(ordinal);
            if (typeof(T) == typeof(byte)) return (T)(object)GetByte(ordinal);
            if (typeof(T) == typeof(bool)) return (T)(object)GetBoolean(ordinal);
            if (typeof(T) == typeof(double)) return (T)(object)GetDouble(ordinal);
            if (typeof(T) == typeof(float)) return (T)(object)GetFloat(ordinal);
            if (typeof(T) == typeof(decimal)) return (T)(object)GetDecimal(ordinal);
            if (typeof(T) == typeof(string)) return (T)(object)GetString(ordinal);
            if (typeof(T) == typeof(byte[])) return (T)(object)GetBlob(ordinal);
            if (typeof(T) == typeof(Guid)) return (T)(object)GetGuid(ordinal);
            if (typeof(T) == typeof(DateTime)) return (T)(object)GetDateTime(ordinal);
            if (typeof(T) == typeof(DateTimeOffset)) return (T)(object)GetDateTimeOffset(ordinal);
            if (typeof(T) == typeof(TimeSpan)) return (T)(object)GetTimeSpan(ordinal);
            return (T)GetValue(ordinal);
        }

        private bool IsNumber(int ordinal)
        {
            int type = NotNull(ordinal);
            return type == raw.SQLITE_INTEGER || type == raw.SQLITE_FLOAT;
        }

        /// <summary>SQLite's Julian day to DateTime, to the millisecond as SQLite's own date functions keep it.</summary>
        private static DateTime FromJulianDay(double julianDay)
            => new DateTime(checked(((long)(julianDay * 86_400_000.0 + 0.5) - JulianEpochMilliseconds) * TimeSpan.TicksPerMillisecond));

#if NET
        /// <summary>The column's UTF-8 text decoded into <paramref name="buffer"/> (a heap array when longer): no string for parsing.</summary>
        private ReadOnlySpan<char> Chars(int ordinal, Span<char> buffer)
        {
            NotNull(ordinal);
            var bytes = raw.sqlite3_column_blob(_stmt, ordinal);
            if (Encoding.UTF8.GetMaxCharCount(bytes.Length) > buffer.Length) buffer = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            int n = Encoding.UTF8.GetChars(bytes, buffer);
            return buffer.Slice(0, n);
        }
#endif
    }
}
