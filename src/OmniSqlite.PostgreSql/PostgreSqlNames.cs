using System;

namespace OmniSqlite.PostgreSql;

/// <summary>Quoting of identifiers for PostgreSQL: always quoted, so reserved words and mixed case survive as written.</summary>
public static class PostgreSqlNames
{
    /// <summary><paramref name="name"/> as a quoted PostgreSQL identifier (<c>"order"</c>; embedded quotes doubled).</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
