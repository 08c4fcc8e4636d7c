using System;
using System.Globalization;
using Npgsql;

namespace OmniSqlite.PostgreSql;

/// <summary>Conversions the generated PostgreSQL repositories call: values in the form Npgsql writes to the column type.</summary>
public static class PostgreSqlValues
{
    /// <summary>
    /// A DateTime for <c>timestamptz</c>: Local converts to UTC; Unspecified is taken as UTC (as the SQLite side stores it
    /// without conversion). Npgsql refuses a non-UTC DateTime for timestamptz. Reads come back with Kind Utc.
    /// </summary>
    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    /// <summary>A [Query] column read as a 64-bit integer, whatever integer or numeric type PostgreSQL computed for it.</summary>
    public static long ReadInt64(NpgsqlDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(long)) return reader.GetInt64(ordinal);
        if (type == typeof(int)) return reader.GetInt32(ordinal);
        if (type == typeof(short)) return reader.GetInt16(ordinal);
        if (type == typeof(decimal)) return decimal.ToInt64(reader.GetDecimal(ordinal));
        if (type == typeof(bool)) return reader.GetBoolean(ordinal) ? 1 : 0;
        return Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
    }

    /// <summary>A [Query] column read as a double (double precision, real, numeric or an integer type).</summary>
    public static double ReadDouble(NpgsqlDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(double)) return reader.GetDouble(ordinal);
        if (type == typeof(float)) return reader.GetFloat(ordinal);
        if (type == typeof(decimal)) return (double)reader.GetDecimal(ordinal);
        return ReadInt64(reader, ordinal);
    }

    /// <summary>A [Query] column read as a decimal (numeric, an integer type, or a floating type).</summary>
    public static decimal ReadDecimal(NpgsqlDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = reader.GetFieldType(ordinal);
        if (type == typeof(decimal)) return reader.GetDecimal(ordinal);
        if (type == typeof(double)) return (decimal)reader.GetDouble(ordinal);
        if (type == typeof(float)) return (decimal)reader.GetFloat(ordinal);
        return ReadInt64(reader, ordinal);
    }

    /// <summary>A [Query] column read as a bool: boolean, or an integer that is not 0 (as SQLite reads 0/1).</summary>
    public static bool ReadBoolean(NpgsqlDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.GetFieldType(ordinal) == typeof(bool) ? reader.GetBoolean(ordinal) : ReadInt64(reader, ordinal) != 0;
    }
}
