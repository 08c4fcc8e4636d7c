using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace OmniSqlite
{
    /// <summary>
    /// Used by generated [Query] code: writes a collection parameter as a JSON array, which the SQL reads with
    /// <c>IN (SELECT value FROM json_each($ids))</c>: one statement text for any number of items (0, 1 or thousands),
    /// and SQLite still looks each value up through the index. One buffer per thread, reused.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public struct QueryJsonArray
    {
        [ThreadStatic] private static StringBuilder? t_buffer;

        private StringBuilder _sb;
        private bool _any;

        public static QueryJsonArray Start()
        {
            var sb = t_buffer ??= new StringBuilder(256);
            sb.Clear().Append('[');
            return new QueryJsonArray { _sb = sb };
        }

        private void Separator()
        {
            if (_any) _sb.Append(',');
            _any = true;
        }

        public void AddNull() { Separator(); _sb.Append("null"); }

        public void Add(long value) { Separator(); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); }

        public void Add(ulong value) { Add(unchecked((long)value)); }

        public void Add(bool value) { Separator(); _sb.Append(value ? '1' : '0'); }

        public void Add(double value)
        {
            Separator();
            if (double.IsNaN(value) || double.IsInfinity(value)) { _sb.Append("null"); return; }
            _sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        /// <summary>As an entity column stores a DateTime (<see cref="Schema.StoredValues.DateTimeText"/>).</summary>
        public void Add(DateTime value) { Add(Schema.StoredValues.DateTimeText(value)); }

        public void Add(char value) { Add(value.ToString()); }

        /// <summary>Upper-case <c>D</c> text, as Microsoft.Data.Sqlite (and so an entity column) stores a Guid.</summary>
        public void Add(Guid value) { Add(value.ToString().ToUpperInvariant()); }

        /// <summary>Microsoft.Data.Sqlite's text (<c>0.0###...</c>), as a decimal column without a Scale stores it.</summary>
        public void Add(decimal value) { Add(value.ToString("0.0###########################", CultureInfo.InvariantCulture)); }

#if NET
        /// <summary><c>yyyy-MM-dd</c>, as a DateOnly column stores it.</summary>
        public void Add(DateOnly value) { Add(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); }

        /// <summary><c>HH:mm:ss</c>, with <c>.fffffff</c> when there are fractions of a second, as a TimeOnly column stores it.</summary>
        public void Add(TimeOnly value) { Add(value.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff", CultureInfo.InvariantCulture)); }
#endif

        public void Add(string? value)
        {
            Separator();
            if (value is null) { _sb.Append("null"); return; }
            _sb.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': _sb.Append("\\\""); break;
                    case '\\': _sb.Append("\\\\"); break;
                    case '\n': _sb.Append("\\n"); break;
                    case '\r': _sb.Append("\\r"); break;
                    case '\t': _sb.Append("\\t"); break;
                    default:
                        if (c < ' ' || char.IsSurrogate(c)) _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else _sb.Append(c);
                        break;
                }
            }
            _sb.Append('"');
        }

        /// <summary>The JSON text; the buffer is reused by the next call on this thread.</summary>
        public string Finish() => _sb.Append(']').ToString();
    }
}
