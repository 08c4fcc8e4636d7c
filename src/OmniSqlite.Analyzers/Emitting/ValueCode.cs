using System.Globalization;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>
    /// The C# expressions that move one value between a CLR member and SQLite: what goes into
    /// <c>SqliteParameter.Value</c>, and how a column is read by ordinal. Entity repositories and [Query] methods
    /// both call these, so a type converts the same way everywhere. Every cast compiles under checked arithmetic.
    /// </summary>
    internal static class ValueCode
    {
        /// <summary>The value for <c>SqliteParameter.Value</c>; DBNull for null. Enums and ulong go in as long (bit pattern kept).</summary>
        /// <param name="kind">How the type is stored.</param>
        /// <param name="isNullableValueType">The expression is a <c>T?</c> value type.</param>
        /// <param name="expression">A C# expression of the member's type, evaluated once per call site text (keep it simple: a local or member access).</param>
        /// <param name="storedAs">For values that are written (not only compared): <c>Entity.Member</c>. NaN and lone surrogates, which SQLite
        /// would store changed, are then refused with an exception naming it. Null: no check.</param>
        /// <param name="scale">For decimal: the declared scale (<c>[Column(Scale = n)]</c>), stored as a scaled INTEGER; -1 stores TEXT.</param>
        public static string Bind(ValueKind kind, bool isNullableValueType, string expression, string? storedAs = null, int scale = -1)
        {
            if (isNullableValueType)
                return "(" + expression + ").HasValue ? (object)" + Convert(kind, Check(kind, "(" + expression + ").GetValueOrDefault()", storedAs), scale, storedAs) + " : global::System.DBNull.Value";
            if (kind is ValueKind.String or ValueKind.ByteArray)
                return "(object?)" + Check(kind, expression, storedAs) + " ?? global::System.DBNull.Value";
            return Convert(kind, Check(kind, expression, storedAs), scale, storedAs);
        }

        public static string Bind(ColumnModel column, string expression, string? storedAs = null)
        {
            string? convert = column.Kind == ValueKind.Json ? "global::System.Text.Json.JsonSerializer.Serialize({0}, " + JsonTypeInfo(column) + ")"
                : column.Converter is { } c ? c + ".ToStored({0})" : null;
            if (convert is null) return Bind(column.Kind, column.IsNullableValueType, expression, storedAs, column.Scale);
            // [Json] / [Converter]: the member's null is NULL; a value goes through the conversion, then binds as its stored type.
            string Stored(string e) => Convert(column.Kind, Check(column.Kind, string.Format(System.Globalization.CultureInfo.InvariantCulture, convert, e), storedAs), column.Scale, storedAs);
            bool storedIsReference = column.Kind is ValueKind.String or ValueKind.ByteArray or ValueKind.Json;
            if (column.IsNullableValueType)
                return "(" + expression + ").HasValue ? (object?)" + Stored("(" + expression + ").GetValueOrDefault()") + " ?? global::System.DBNull.Value : global::System.DBNull.Value";
            if (column.IsNullable)
                return "(" + expression + ") is null ? (object)global::System.DBNull.Value : " + (storedIsReference ? "(object?)" + Stored(expression) + " ?? global::System.DBNull.Value" : Stored(expression));
            return storedIsReference ? "(object?)" + Stored(expression) + " ?? global::System.DBNull.Value" : Stored(expression);
        }

        /// <summary><c>(JsonTypeInfo&lt;T&gt;)Context.Default.GetTypeInfo(typeof(T))!</c>: the source-generated metadata, no reflection.</summary>
        private static string JsonTypeInfo(ColumnModel column)
            => "(global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<" + column.TypeName + ">)" + column.JsonContext + ".Default.GetTypeInfo(typeof(" + column.TypeName + "))!";

        /// <summary>
        /// The native path's bind: one C# statement calling <c>NativeStatement.Bind(slot, value)</c> with the same typed
        /// value <see cref="Bind(ValueKind, bool, string, string?, int)"/> boxes (same checks, same conversions); the runtime's
        /// overload for that CLR type stores it as Microsoft.Data.Sqlite would. Null binds NULL.
        /// </summary>
        /// <param name="statement">Name of the <c>NativeStatement</c> variable.</param>
        /// <param name="slot">A C# expression of the binding slot (0-based).</param>
        /// <param name="scale">For decimal: the declared scale, or -1 for TEXT (as for <see cref="Bind(ValueKind, bool, string, string?, int)"/>).</param>
        public static string BindNative(ValueKind kind, bool isNullableValueType, string expression, string statement, string slot, string? storedAs = null, int scale = -1)
        {
            if (isNullableValueType)
                return "if ((" + expression + ").HasValue) " + statement + ".Bind(" + slot + ", " + ConvertNative(kind, Check(kind, "(" + expression + ").GetValueOrDefault()", storedAs), scale, storedAs) + "); else " + statement + ".BindNull(" + slot + ");";
            return statement + ".Bind(" + slot + ", " + ConvertNative(kind, Check(kind, expression, storedAs), scale, storedAs) + ");";
        }

        public static string BindNative(ColumnModel column, string expression, string statement, string slot, string? storedAs = null)
        {
            string? convert = column.Kind == ValueKind.Json ? "global::System.Text.Json.JsonSerializer.Serialize({0}, " + JsonTypeInfo(column) + ")"
                : column.Converter is { } c ? c + ".ToStored({0})" : null;
            if (convert is null) return BindNative(column.Kind, column.IsNullableValueType, expression, statement, slot, storedAs, column.Scale);
            // [Json] / [Converter], as Bind(ColumnModel, ...): the member's null is NULL, a value goes through the conversion.
            string Stored(string e) => ConvertNative(column.Kind, Check(column.Kind, string.Format(System.Globalization.CultureInfo.InvariantCulture, convert, e), storedAs), column.Scale, storedAs);
            string bind(string e) => statement + ".Bind(" + slot + ", " + Stored(e) + ");";
            if (column.IsNullableValueType)
                return "if ((" + expression + ").HasValue) " + bind("(" + expression + ").GetValueOrDefault()") + " else " + statement + ".BindNull(" + slot + ");";
            if (column.IsNullable)
                return "if ((" + expression + ") is null) " + statement + ".BindNull(" + slot + "); else " + bind(expression);
            return bind(expression);
        }

        /// <summary>As <see cref="Convert"/>, except that NativeStatement binds DateTime and DateTimeOffset itself, in the same text, without a string.</summary>
        private static string ConvertNative(ValueKind kind, string expression, int scale, string? storedAs)
            => kind is ValueKind.DateTime or ValueKind.DateTimeOffset ? expression : Convert(kind, expression, scale, storedAs);

        private static string Check(ValueKind kind, string expression, string? storedAs)
        {
            if (storedAs is null) return expression;
            string label = "\"" + CodeText.StringContent(storedAs) + "\"";
            return kind switch
            {
                ValueKind.Double or ValueKind.Single => "global::OmniSqlite.Schema.StoredValues.Real(" + expression + ", " + label + ")",
                ValueKind.String => "global::OmniSqlite.Schema.StoredValues.Text(" + expression + ", " + label + ")",
                _ => expression,
            };
        }

        /// <summary>Reads a column by ordinal with the typed getter; a nullable type reads NULL as null.</summary>
        /// <param name="kind">How the type is stored.</param>
        /// <param name="typeName">Fully qualified type without <c>?</c> (the enum's name for enums).</param>
        /// <param name="isNullable">NULL is a legal value (nullable value type or nullable reference type).</param>
        /// <param name="reader">Name of the <c>SqliteDataReader</c> variable, or of the native path's <c>NativeStatement</c>,
        /// which has the same getters with the same conversions.</param>
        /// <param name="ordinal">A C# expression of the ordinal (usually a literal).</param>
        /// <param name="scale">For decimal: the declared scale, or -1 for TEXT.</param>
        /// <param name="native">The reader is the native path's <c>NativeStatement</c>: dates are parsed from the column's bytes (no string).</param>
        public static string Read(ValueKind kind, string typeName, bool isNullable, string reader, string ordinal, int scale = -1, bool native = false)
        {
            string r = reader + ".";
            string o = "(" + ordinal + ")";
            string read = kind switch
            {
                ValueKind.Boolean => r + "GetBoolean" + o,
                ValueKind.Byte => r + "GetByte" + o,
                ValueKind.SByte => "(sbyte)" + r + "GetInt64" + o,
                ValueKind.Int16 => r + "GetInt16" + o,
                ValueKind.UInt16 => "(ushort)" + r + "GetInt64" + o,
                ValueKind.Int32 => r + "GetInt32" + o,
                ValueKind.UInt32 => "(uint)" + r + "GetInt64" + o,
                ValueKind.Int64 => r + "GetInt64" + o,
                ValueKind.UInt64 => "unchecked((ulong)" + r + "GetInt64" + o + ")",
                ValueKind.Single => r + "GetFloat" + o,
                ValueKind.Double => r + "GetDouble" + o,
                ValueKind.Decimal => scale >= 0
                    ? StoredValues + "DecimalFromScaled(" + r + "GetInt64" + o + ", " + scale.ToString(CultureInfo.InvariantCulture) + ")"
                    : r + "GetDecimal" + o,
                ValueKind.String => r + "GetString" + o,
                ValueKind.ByteArray => "(byte[])" + r + "GetValue" + o,
                ValueKind.Guid => r + "GetGuid" + o,
                ValueKind.DateTime => native ? r + "GetStoredDateTime" + o : StoredValues + "DateTimeFromText(" + r + "GetString" + o + ")",
                ValueKind.DateTimeOffset => native ? r + "GetStoredDateTimeOffset" + o : StoredValues + "DateTimeOffsetFromText(" + r + "GetString" + o + ")",
                ValueKind.TimeSpan => "global::System.TimeSpan.FromTicks(" + r + "GetInt64" + o + ")",
                ValueKind.DateOnly => r + "GetFieldValue<global::System.DateOnly>" + o,
                ValueKind.TimeOnly => r + "GetFieldValue<global::System.TimeOnly>" + o,
                // unchecked: an enum over ulong holds values above long.MaxValue; the bit pattern round-trips.
                ValueKind.Enum => "unchecked((" + typeName + ")" + r + "GetInt64" + o + ")",
                _ => r + "GetValue" + o,
            };
            return isNullable ? r + "IsDBNull" + o + " ? default(" + typeName + "?) : " + read : read;
        }

        public static string Read(ColumnModel column, string reader, int ordinal, bool native = false)
        {
            string o = ordinal.ToString(CultureInfo.InvariantCulture);
            string? value = column.Kind == ValueKind.Json
                ? "global::System.Text.Json.JsonSerializer.Deserialize(" + reader + ".GetString(" + o + "), " + JsonTypeInfo(column) + ")" + (column.IsNullable ? "" : "!")
                : column.Converter is { } c ? c + ".FromStored(" + Read(column.Kind, column.StoredTypeName!, false, reader, o, column.Scale, native) + ")" : null;
            if (value is null) return Read(column.Kind, column.TypeName, column.IsNullable, reader, o, column.Scale, native);
            return column.IsNullable ? reader + ".IsDBNull(" + o + ") ? default(" + column.TypeName + "?) : " + value : value;
        }

        /// <summary>The member's C# type as written in a signature: <c>global::System.Int64?</c>.</summary>
        public static string CsType(string typeName, bool isNullable) => typeName + (isNullable ? "?" : "");

        public static string CsType(ColumnModel column) => CsType(column.TypeName, column.IsNullable);

        private const string StoredValues = "global::OmniSqlite.Schema.StoredValues.";

        /// <summary>
        /// The stored value: a long, double, string or byte[] (or the value itself where Microsoft.Data.Sqlite's own form
        /// already compares like C#), so every bind path (ADO.NET or native) stores the same bytes. The formats, and why
        /// they sort like C#, are in docs/entities.md ("How each type is stored").
        /// </summary>
        internal static string Convert(ValueKind kind, string expression, int scale = -1, string? storedAs = null) => kind switch
        {
            ValueKind.Enum => "unchecked((long)" + expression + ")",
            ValueKind.UInt64 => "unchecked((long)" + expression + ")",
            ValueKind.DateTime => StoredValues + "DateTimeText(" + expression + ")",
            ValueKind.DateTimeOffset => StoredValues + "DateTimeOffsetText(" + expression + ")",
            ValueKind.TimeSpan => "(" + expression + ").Ticks",
            ValueKind.Decimal when scale >= 0 => StoredValues + "ScaledDecimal(" + expression + ", " + scale.ToString(CultureInfo.InvariantCulture)
                + ", \"" + CodeText.StringContent(storedAs ?? "the value") + "\")",
            _ => expression,
        };
    }
}
