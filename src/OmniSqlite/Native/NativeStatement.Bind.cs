using System;
#if NET
using System.Buffers;
#endif
using System.Globalization;
#if NET
using System.Text;
#endif
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OmniSqlite.Native
{
    /// <summary>
    /// Typed binds, by the generated code's binding slot (0-based, in <see cref="NativeSql.ParameterNames"/> order). Each
    /// CLR type is stored exactly as Microsoft.Data.Sqlite's <c>SqliteValueBinder</c> stores it (same SQL type, same text
    /// format), so a file written on one path reads the same on the other; the generated code converts first with the same
    /// <c>ValueCode</c> helpers on both paths (enums and ulong as long, NaN and lone surrogates refused).
    /// </summary>
    public sealed partial class NativeStatement
    {
        private const string DateOnlyFormat = @"yyyy\-MM\-dd";
        private const string DecimalFormat = "0.0###########################";
        /// <summary>Strings up to this length are encoded to UTF-8 on the stack (3 bytes a char at most).</summary>
        private const int StackTextChars = 256;

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }

        public void BindNull(int slot)
        {
            int i = _indexes[slot];
            if (i > 0) Check(raw.sqlite3_bind_null(_stmt, i));
        }

        public void Bind(int slot, long value)
        {
            int i = _indexes[slot];
            if (i > 0) Check(raw.sqlite3_bind_int64(_stmt, i, value));
        }

        public void Bind(int slot, int value) => Bind(slot, (long)value);

        public void Bind(int slot, short value) => Bind(slot, (long)value);

        public void Bind(int slot, sbyte value) => Bind(slot, (long)value);

        public void Bind(int slot, byte value) => Bind(slot, (long)value);

        public void Bind(int slot, ushort value) => Bind(slot, (long)value);

        public void Bind(int slot, uint value) => Bind(slot, (long)value);

        /// <summary>The bit pattern, as Microsoft.Data.Sqlite binds ulong.</summary>
        public void Bind(int slot, ulong value) => Bind(slot, unchecked((long)value));

        public void Bind(int slot, bool value) => Bind(slot, value ? 1L : 0L);

        public void Bind(int slot, double value)
        {
            // Microsoft.Data.Sqlite refuses NaN the same way (SQLite would store NULL).
            if (double.IsNaN(value)) throw new InvalidOperationException("Cannot store 'NaN' values.");
            int i = _indexes[slot];
            if (i > 0) Check(raw.sqlite3_bind_double(_stmt, i, value));
        }

        public void Bind(int slot, float value) => Bind(slot, (double)value);

        /// <summary>
        /// TEXT; null binds NULL. Bound as UTF-8 (the database's encoding), encoded into a stack buffer or a pooled one:
        /// a UTF-16 bind would make SQLite copy the text and convert it again into a second copy.
        /// </summary>
        public void Bind(int slot, string? value)
        {
            int i = _indexes[slot];
            if (i <= 0) return;
            if (value is null) Check(raw.sqlite3_bind_null(_stmt, i));
            // An empty span would reach SQLite as a null pointer, which binds NULL: the string overload passes "\0".
            else if (value.Length == 0) Check(raw.sqlite3_bind_text(_stmt, i, value));
#if NET
            else if (value.Length <= StackTextChars)
            {
                Span<byte> utf8 = stackalloc byte[StackTextChars * 3];
                Check(raw.sqlite3_bind_text(_stmt, i, utf8.Slice(0, Encoding.UTF8.GetBytes(value, utf8))));
            }
            else
            {
                // SQLite copies the text (SQLITE_TRANSIENT), so the buffer goes back to the pool at once.
                var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
                try { Check(raw.sqlite3_bind_text(_stmt, i, rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)))); }
                finally { ArrayPool<byte>.Shared.Return(rented); }
            }
#else
            else Check(raw.sqlite3_bind_text16(_stmt, i, value.AsSpan()));
#endif
        }

        public void Bind(int slot, char value)
        {
#if NET
            Span<char> one = stackalloc char[1];
            one[0] = value;
            int i = _indexes[slot];
            if (i > 0) Check(raw.sqlite3_bind_text16(_stmt, i, one));
#else
            Bind(slot, value.ToString());
#endif
        }

        /// <summary>BLOB; null binds NULL.</summary>
        public void Bind(int slot, byte[]? value)
        {
            int i = _indexes[slot];
            if (i <= 0) return;
            if (value is null) Check(raw.sqlite3_bind_null(_stmt, i));
            else Check(raw.sqlite3_bind_blob(_stmt, i, value));
        }

        /// <summary>
        /// Upper-case TEXT <c>0F8FAD5B-D9CB-...</c>: what Microsoft.Data.Sqlite writes through a parameter whose SqliteType is
        /// its default (Text), as the ADO.NET path's parameters are (it writes a BLOB only for SqliteType.Blob).
        /// </summary>
        public void Bind(int slot, Guid value)
        {
#if NET
            Span<byte> text = stackalloc byte[36];
            value.TryFormat(text, out int n, "D");
            for (int c = 0; c < n; c++) if (text[c] >= (byte)'a') text[c] -= 'a' - 'A';
            BindUtf8(slot, text.Slice(0, n));
#else
            Bind(slot, value.ToString().ToUpperInvariant());
#endif
        }

        /// <summary>TEXT <c>0.0###...</c> (invariant culture).</summary>
        public void Bind(int slot, decimal value) => BindFormatted(slot, value, DecimalFormat);

        /// <summary>TEXT as <see cref="Schema.StoredValues.DateTimeText"/> writes it: <c>yyyy-MM-dd HH:mm:ss.fffffff</c>, <c>Z</c> for UTC and local times.</summary>
        public void Bind(int slot, DateTime value)
        {
#if NET
            Span<byte> text = stackalloc byte[StoredText.TimestampLength + 1];
            BindUtf8(slot, text.Slice(0, StoredText.WriteDateTime(value, text)));
#else
            Bind(slot, Schema.StoredValues.DateTimeText(value));
#endif
        }

        /// <summary>TEXT as <see cref="Schema.StoredValues.DateTimeOffsetText"/> writes it: the UTC instant, <c>yyyy-MM-dd HH:mm:ss.fffffffZ</c>.</summary>
        public void Bind(int slot, DateTimeOffset value)
        {
#if NET
            Span<byte> text = stackalloc byte[StoredText.TimestampLength + 1];
            BindUtf8(slot, text.Slice(0, StoredText.WriteDateTimeOffset(value, text)));
#else
            Bind(slot, Schema.StoredValues.DateTimeOffsetText(value));
#endif
        }

        /// <summary>TEXT in the constant format <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
        public void Bind(int slot, TimeSpan value) => BindFormatted(slot, value, "c");

#if NET
        /// <summary>TEXT <c>yyyy-MM-dd</c>.</summary>
        public void Bind(int slot, DateOnly value) => BindFormatted(slot, value, DateOnlyFormat);

        /// <summary>TEXT <c>HH:mm:ss</c>, with <c>.fffffff</c> when there are fractions of a second.</summary>
        public void Bind(int slot, TimeOnly value)
            => BindFormatted(slot, value, value.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff");

        /// <summary>The value formatted (invariant culture) straight into UTF-8 on the stack; a string only if it does not fit.</summary>
        private void BindFormatted<T>(int slot, T value, string format) where T : IUtf8SpanFormattable, IFormattable
        {
            Span<byte> text = stackalloc byte[64];
            if (value.TryFormat(text, out int n, format, CultureInfo.InvariantCulture)) BindUtf8(slot, text.Slice(0, n));
            else Bind(slot, value.ToString(format, CultureInfo.InvariantCulture));
        }

        /// <summary>Non-empty UTF-8 text.</summary>
        private void BindUtf8(int slot, ReadOnlySpan<byte> text)
        {
            int i = _indexes[slot];
            if (i > 0) Check(raw.sqlite3_bind_text(_stmt, i, text));
        }
#else
        private void BindFormatted<T>(int slot, T value, string format) where T : IFormattable
            => Bind(slot, value.ToString(format, CultureInfo.InvariantCulture));
#endif
    }
}
