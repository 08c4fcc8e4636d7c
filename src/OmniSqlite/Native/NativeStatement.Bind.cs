using System;
using System.Globalization;
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
        private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";
        private const string DateTimeOffsetFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFFzzz";
        private const string DateOnlyFormat = @"yyyy\-MM\-dd";
        private const string DecimalFormat = "0.0###########################";

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

        /// <summary>TEXT; null binds NULL.</summary>
        public void Bind(int slot, string? value)
        {
            int i = _indexes[slot];
            if (i <= 0) return;
            if (value is null) Check(raw.sqlite3_bind_null(_stmt, i));
            // An empty span would reach SQLite as a null pointer, which binds NULL: the string overload passes "\0".
            else if (value.Length == 0) Check(raw.sqlite3_bind_text(_stmt, i, value));
            else Check(raw.sqlite3_bind_text16(_stmt, i, value.AsSpan()));
        }

        public void Bind(int slot, char value)
        {
#if NET
            Span<char> one = stackalloc char[1];
            one[0] = value;
            BindText(slot, one);
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
            Span<char> text = stackalloc char[36];
            value.TryFormat(text, out int n, "D");
            for (int c = 0; c < n; c++) text[c] = char.ToUpperInvariant(text[c]);
            BindText(slot, text.Slice(0, n));
#else
            Bind(slot, value.ToString().ToUpperInvariant());
#endif
        }

        /// <summary>TEXT <c>0.0###...</c> (invariant culture).</summary>
        public void Bind(int slot, decimal value)
        {
#if NET
            Span<char> text = stackalloc char[64];
            if (value.TryFormat(text, out int n, DecimalFormat, CultureInfo.InvariantCulture)) { BindText(slot, text.Slice(0, n)); return; }
#endif
            Bind(slot, value.ToString(DecimalFormat, CultureInfo.InvariantCulture));
        }

        /// <summary>TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>.</summary>
        public void Bind(int slot, DateTime value)
        {
#if NET
            Span<char> text = stackalloc char[48];
            if (value.TryFormat(text, out int n, DateTimeFormat, CultureInfo.InvariantCulture)) { BindText(slot, text.Slice(0, n)); return; }
#endif
            Bind(slot, value.ToString(DateTimeFormat, CultureInfo.InvariantCulture));
        }

        /// <summary>TEXT <c>yyyy-MM-dd HH:mm:ss.FFFFFFFzzz</c>.</summary>
        public void Bind(int slot, DateTimeOffset value)
        {
#if NET
            Span<char> text = stackalloc char[48];
            if (value.TryFormat(text, out int n, DateTimeOffsetFormat, CultureInfo.InvariantCulture)) { BindText(slot, text.Slice(0, n)); return; }
#endif
            Bind(slot, value.ToString(DateTimeOffsetFormat, CultureInfo.InvariantCulture));
        }

        /// <summary>TEXT in the constant format <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
        public void Bind(int slot, TimeSpan value)
        {
#if NET
            Span<char> text = stackalloc char[48];
            if (value.TryFormat(text, out int n, "c", CultureInfo.InvariantCulture)) { BindText(slot, text.Slice(0, n)); return; }
#endif
            Bind(slot, value.ToString("c", CultureInfo.InvariantCulture));
        }

#if NET
        /// <summary>TEXT <c>yyyy-MM-dd</c>.</summary>
        public void Bind(int slot, DateOnly value)
        {
            Span<char> text = stackalloc char[32];
            if (value.TryFormat(text, out int n, DateOnlyFormat, CultureInfo.InvariantCulture)) BindText(slot, text.Slice(0, n));
            else Bind(slot, value.ToString(DateOnlyFormat, CultureInfo.InvariantCulture));
        }

        /// <summary>TEXT <c>HH:mm:ss</c>, with <c>.fffffff</c> when there are fractions of a second.</summary>
        public void Bind(int slot, TimeOnly value)
        {
            var format = value.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff";
            Span<char> text = stackalloc char[32];
            if (value.TryFormat(text, out int n, format, CultureInfo.InvariantCulture)) BindText(slot, text.Slice(0, n));
            else Bind(slot, value.ToString(format, CultureInfo.InvariantCulture));
        }

        private void BindText(int slot, ReadOnlySpan<char> text)
        {
            int i = _indexes[slot];
            if (i > 0) Check(raw.sqlite3_bind_text16(_stmt, i, text));
        }
#endif
    }
}
