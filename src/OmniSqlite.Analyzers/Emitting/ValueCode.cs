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
        public static string Bind(ValueKind kind, bool isNullableValueType, string expression, string? storedAs = null)
        {
            if (isNullableValueType)
                return "(" + expression + ").HasValue ? (object)" + Convert(kind, Check(kind, "(" + expression + ").GetValueOrDefault()", storedAs)) + " : global::System.DBNull.Value";
            if (kind is ValueKind.String or ValueKind.ByteArray)
                return "(object?)" + Check(kind, expression, storedAs) + " ?? global::System.DBNull.Value";
            return Convert(kind, Check(kind, expression, storedAs));
        }

        public static string Bind(ColumnModel column, string expression, string? storedAs = null) => Bind(column.Kind, column.IsNullableValueType, expression, storedAs);

        /// <summary>
        /// The native path's bind: one C# statement calling <c>NativeStatement.Bind(slot, value)</c> with the same typed
        /// value <see cref="Bind(ValueKind, bool, string, string?)"/> boxes (same checks, same conversions); the runtime's
        /// overload for that CLR type stores it as Microsoft.Data.Sqlite would. Null binds NULL.
        /// </summary>
        /// <param name="statement">Name of the <c>NativeStatement</c> variable.</param>
        /// <param name="slot">A C# expression of the binding slot (0-based).</param>
        public static string BindNative(ValueKind kind, bool isNullableValueType, string expression, string statement, string slot, string? storedAs = null)
        {
            if (isNullableValueType)
                return "if ((" + expression + ").HasValue) " + statement + ".Bind(" + slot + ", " + Convert(kind, Check(kind, "(" + expression + ").GetValueOrDefault()", storedAs)) + "); else " + statement + ".BindNull(" + slot + ");";
            return statement + ".Bind(" + slot + ", " + Convert(kind, Check(kind, expression, storedAs)) + ");";
        }

        public static string BindNative(ColumnModel column, string expression, string statement, string slot, string? storedAs = null)
            => BindNative(column.Kind, column.IsNullableValueType, expression, statement, slot, storedAs);

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
        public static string Read(ValueKind kind, string typeName, bool isNullable, string reader, string ordinal)
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
                ValueKind.Decimal => r + "GetDecimal" + o,
                ValueKind.String => r + "GetString" + o,
                ValueKind.ByteArray => "(byte[])" + r + "GetValue" + o,
                ValueKind.Guid => r + "GetGuid" + o,
                ValueKind.DateTime => r + "GetDateTime" + o,
                ValueKind.DateTimeOffset => r + "GetDateTimeOffset" + o,
                ValueKind.TimeSpan => r + "GetTimeSpan" + o,
                ValueKind.DateOnly => r + "GetFieldValue<global::System.DateOnly>" + o,
                ValueKind.TimeOnly => r + "GetFieldValue<global::System.TimeOnly>" + o,
                // unchecked: an enum over ulong holds values above long.MaxValue; the bit pattern round-trips.
                ValueKind.Enum => "unchecked((" + typeName + ")" + r + "GetInt64" + o + ")",
                _ => r + "GetValue" + o,
            };
            return isNullable ? r + "IsDBNull" + o + " ? default(" + typeName + "?) : " + read : read;
        }

        public static string Read(ColumnModel column, string reader, int ordinal)
            => Read(column.Kind, column.TypeName, column.IsNullable, reader, ordinal.ToString(CultureInfo.InvariantCulture));

        /// <summary>The member's C# type as written in a signature: <c>global::System.Int64?</c>.</summary>
        public static string CsType(string typeName, bool isNullable) => typeName + (isNullable ? "?" : "");

        public static string CsType(ColumnModel column) => CsType(column.TypeName, column.IsNullable);

        private static string Convert(ValueKind kind, string expression) => kind switch
        {
            ValueKind.Enum => "unchecked((long)" + expression + ")",
            ValueKind.UInt64 => "unchecked((long)" + expression + ")",
            _ => expression,
        };
    }
}
