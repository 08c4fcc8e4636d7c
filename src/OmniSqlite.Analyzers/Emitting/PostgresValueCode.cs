using System.Globalization;
using OmniSqlite.Analyzers.Model;

namespace OmniSqlite.Analyzers.Emitting
{
    /// <summary>
    /// The C# that moves one value between a CLR member and PostgreSQL through Npgsql: the column type, the typed
    /// <c>NpgsqlParameter&lt;T&gt;</c> it binds as, and the typed getter it reads with. Enums and ulong keep the SQLite
    /// side's stored form (a bigint holding the bit pattern), so data moved over reads back the same.
    /// </summary>
    internal static class PostgresValueCode
    {
        internal const string Npgsql = "global::Npgsql.";
        internal const string DbType = "global::NpgsqlTypes.NpgsqlDbType.";
        internal const string Values = "global::OmniSqlite.PostgreSql.PostgreSqlValues.";

        /// <summary>The PostgreSQL column type of a stored kind.</summary>
        public static string SqlType(ValueKind kind, int scale) => kind switch
        {
            ValueKind.Boolean => "boolean",
            ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 => "smallint",
            ValueKind.UInt16 or ValueKind.Int32 => "integer",
            ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => "bigint",
            ValueKind.Single => "real",
            ValueKind.Double => "double precision",
            ValueKind.Decimal => scale >= 0 ? "numeric(38, " + scale.ToString(CultureInfo.InvariantCulture) + ")" : "numeric",
            ValueKind.ByteArray => "bytea",
            ValueKind.Guid => "uuid",
            ValueKind.DateTime or ValueKind.DateTimeOffset => "timestamptz",
            ValueKind.DateOnly => "date",
            ValueKind.TimeOnly => "time",
            ValueKind.TimeSpan => "interval",
            ValueKind.Json => "jsonb",
            _ => "text", // String, Char
        };

        public static string SqlType(ColumnModel c) => SqlType(c.Kind, c.Scale);

        /// <summary>The <c>NpgsqlDbType</c> member the parameter declares, so a prepared statement knows its types even for NULL.</summary>
        public static string NpgsqlDbType(ValueKind kind) => DbType + kind switch
        {
            ValueKind.Boolean => "Boolean",
            ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 => "Smallint",
            ValueKind.UInt16 or ValueKind.Int32 => "Integer",
            ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => "Bigint",
            ValueKind.Single => "Real",
            ValueKind.Double => "Double",
            ValueKind.Decimal => "Numeric",
            ValueKind.ByteArray => "Bytea",
            ValueKind.Guid => "Uuid",
            ValueKind.DateTime or ValueKind.DateTimeOffset => "TimestampTz",
            ValueKind.DateOnly => "Date",
            ValueKind.TimeOnly => "Time",
            ValueKind.TimeSpan => "Interval",
            ValueKind.Json => "Jsonb",
            _ => "Text",
        };

        /// <summary>The T of <c>NpgsqlParameter&lt;T&gt;</c> for a stored kind (not nullable).</summary>
        public static string ClrType(ValueKind kind) => kind switch
        {
            ValueKind.Boolean => "bool",
            ValueKind.Byte or ValueKind.SByte or ValueKind.Int16 => "short",
            ValueKind.UInt16 or ValueKind.Int32 => "int",
            ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Enum => "long",
            ValueKind.Single => "float",
            ValueKind.Double => "double",
            ValueKind.Decimal => "decimal",
            ValueKind.ByteArray => "byte[]",
            ValueKind.Guid => "global::System.Guid",
            ValueKind.DateTime => "global::System.DateTime",
            ValueKind.DateTimeOffset => "global::System.DateTimeOffset",
            ValueKind.DateOnly => "global::System.DateOnly",
            ValueKind.TimeOnly => "global::System.TimeOnly",
            ValueKind.TimeSpan => "global::System.TimeSpan",
            ValueKind.Char => "char",
            _ => "string", // String, Json
        };

        private static bool IsReference(ValueKind kind) => kind is ValueKind.String or ValueKind.ByteArray or ValueKind.Json;

        /// <summary><c>new NpgsqlParameter&lt;T?&gt; { NpgsqlDbType = ... }</c>: always nullable, so one parameter type serves every column of the kind.</summary>
        public static string NewParameter(ValueKind kind, string? name = null)
            => "new " + Npgsql + "NpgsqlParameter<" + ClrType(kind) + "?> { " + (name is null ? "" : "ParameterName = " + Ddl.Literal(name) + ", ")
               + "NpgsqlDbType = " + NpgsqlDbType(kind) + " }";

        /// <summary>The stored value (the parameter's T) of a non-null expression of the member's type.</summary>
        public static string Stored(ValueKind kind, string e) => Convert(kind, e);

        /// <summary>
        /// A read of a [Query] result column, whose type PostgreSQL computed (count(*) is bigint, sum() numeric, 1 integer):
        /// numbers and booleans go through runtime helpers that accept any integer or numeric column, checked into the
        /// member's type; the rest as <see cref="Read(ValueKind, string, bool, string, string)"/>.
        /// </summary>
        public static string ReadComputed(ValueKind kind, string typeName, bool isNullable, string reader, string ordinal)
        {
            string args = "(" + reader + ", " + ordinal + ")";
            string? read = kind switch
            {
                ValueKind.Boolean => Values + "ReadBoolean" + args,
                ValueKind.Byte => "checked((byte)" + Values + "ReadInt64" + args + ")",
                ValueKind.SByte => "checked((sbyte)" + Values + "ReadInt64" + args + ")",
                ValueKind.Int16 => "checked((short)" + Values + "ReadInt64" + args + ")",
                ValueKind.UInt16 => "checked((ushort)" + Values + "ReadInt64" + args + ")",
                ValueKind.Int32 => "checked((int)" + Values + "ReadInt64" + args + ")",
                ValueKind.UInt32 => "checked((uint)" + Values + "ReadInt64" + args + ")",
                ValueKind.Int64 => Values + "ReadInt64" + args,
                ValueKind.UInt64 => "unchecked((ulong)" + Values + "ReadInt64" + args + ")",
                ValueKind.Enum => "unchecked((" + typeName + ")" + Values + "ReadInt64" + args + ")",
                ValueKind.Single => "(float)" + Values + "ReadDouble" + args,
                ValueKind.Double => Values + "ReadDouble" + args,
                ValueKind.Decimal => Values + "ReadDecimal" + args,
                _ => null,
            };
            if (read is null) return Read(kind, typeName, isNullable, reader, ordinal);
            return isNullable ? reader + ".IsDBNull(" + ordinal + ") ? default(" + typeName + "?) : " + read : read;
        }

        /// <summary>The stored value of kind from a non-null expression of the member's type.</summary>
        private static string Convert(ValueKind kind, string e) => kind switch
        {
            ValueKind.Byte or ValueKind.SByte => "(short)" + e,
            ValueKind.UInt16 => "(int)" + e,
            ValueKind.UInt32 => "(long)" + e,
            ValueKind.UInt64 or ValueKind.Enum => "unchecked((long)" + e + ")",
            ValueKind.DateTime => Values + "Utc(" + e + ")",
            ValueKind.DateTimeOffset => "(" + e + ").ToUniversalTime()",
            _ => e,
        };

        /// <summary>
        /// One statement: <c>((NpgsqlParameter&lt;T?&gt;)p[slot]).TypedValue = ...;</c> for a value of the member's type
        /// (<paramref name="expression"/> is evaluated more than once: keep it a local or a member access).
        /// </summary>
        public static string Bind(ValueKind kind, bool isNullable, bool isNullableValueType, string expression, string parameter)
        {
            string target = "((" + Npgsql + "NpgsqlParameter<" + ClrType(kind) + "?>)" + parameter + ").TypedValue = ";
            if (isNullableValueType)
                return target + "(" + expression + ").HasValue ? " + Convert(kind, "(" + expression + ").GetValueOrDefault()") + " : null;";
            if (isNullable && !IsReference(kind))
                return target + "(" + expression + ") is null ? null : " + Convert(kind, expression) + ";";
            return target + Convert(kind, expression) + ";";
        }

        public static string Bind(ColumnModel c, string expression, string parameter)
        {
            string? convert = c.Kind == ValueKind.Json ? "global::System.Text.Json.JsonSerializer.Serialize({0}, " + JsonTypeInfo(c) + ")"
                : c.Converter is { } conv ? conv + ".ToStored({0})" : null;
            if (convert is null) return Bind(c.Kind, c.IsNullable, c.IsNullableValueType, expression, parameter);
            string target = "((" + Npgsql + "NpgsqlParameter<" + ClrType(c.Kind) + "?>)" + parameter + ").TypedValue = ";
            string Stored(string e) => Convert(c.Kind, string.Format(CultureInfo.InvariantCulture, convert, e));
            if (c.IsNullableValueType) return target + "(" + expression + ").HasValue ? " + Stored("(" + expression + ").GetValueOrDefault()") + " : null;";
            if (c.IsNullable) return target + "(" + expression + ") is null ? null : " + Stored(expression) + ";";
            return target + Stored(expression) + ";";
        }

        private static string JsonTypeInfo(ColumnModel column)
            => "(global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<" + column.TypeName + ">)" + column.JsonContext + ".Default.GetTypeInfo(typeof(" + column.TypeName + "))!";

        /// <summary>A typed read of a column this generator created (its type is exactly <see cref="SqlType(ValueKind, int)"/>).</summary>
        public static string Read(ValueKind kind, string typeName, bool isNullable, string reader, string ordinal)
        {
            string r = reader + ".";
            string o = "(" + ordinal + ")";
            string read = kind switch
            {
                ValueKind.Boolean => r + "GetBoolean" + o,
                ValueKind.Byte => "(byte)" + r + "GetInt16" + o,
                ValueKind.SByte => "(sbyte)" + r + "GetInt16" + o,
                ValueKind.Int16 => r + "GetInt16" + o,
                ValueKind.UInt16 => "(ushort)" + r + "GetInt32" + o,
                ValueKind.Int32 => r + "GetInt32" + o,
                ValueKind.UInt32 => "(uint)" + r + "GetInt64" + o,
                ValueKind.Int64 => r + "GetInt64" + o,
                ValueKind.UInt64 => "unchecked((ulong)" + r + "GetInt64" + o + ")",
                ValueKind.Enum => "unchecked((" + typeName + ")" + r + "GetInt64" + o + ")",
                ValueKind.Single => r + "GetFloat" + o,
                ValueKind.Double => r + "GetDouble" + o,
                ValueKind.Decimal => r + "GetDecimal" + o,
                ValueKind.Char => r + "GetChar" + o,
                ValueKind.ByteArray => r + "GetFieldValue<byte[]>" + o,
                ValueKind.Guid => r + "GetGuid" + o,
                ValueKind.DateTime => r + "GetDateTime" + o,
                ValueKind.DateTimeOffset => r + "GetFieldValue<global::System.DateTimeOffset>" + o,
                ValueKind.DateOnly => r + "GetFieldValue<global::System.DateOnly>" + o,
                ValueKind.TimeOnly => r + "GetFieldValue<global::System.TimeOnly>" + o,
                ValueKind.TimeSpan => r + "GetTimeSpan" + o,
                _ => r + "GetString" + o, // String, Json
            };
            return isNullable ? r + "IsDBNull" + o + " ? default(" + typeName + "?) : " + read : read;
        }

        public static string Read(ColumnModel c, string reader, int ordinal)
        {
            string o = ordinal.ToString(CultureInfo.InvariantCulture);
            string? value = c.Kind == ValueKind.Json
                ? "global::System.Text.Json.JsonSerializer.Deserialize(" + reader + ".GetString(" + o + "), " + JsonTypeInfo(c) + ")" + (c.IsNullable ? "" : "!")
                : c.Converter is { } conv ? conv + ".FromStored(" + Read(c.Kind, c.StoredTypeName!, false, reader, o) + ")" : null;
            if (value is null) return Read(c.Kind, c.TypeName, c.IsNullable, reader, o);
            return c.IsNullable ? reader + ".IsDBNull(" + o + ") ? default(" + c.TypeName + "?) : " + value : value;
        }
    }
}
