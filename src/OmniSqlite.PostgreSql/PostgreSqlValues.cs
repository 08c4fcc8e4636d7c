using System;

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
}
