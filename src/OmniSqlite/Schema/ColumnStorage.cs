namespace OmniSqlite.Schema
{
    /// <summary>
    /// A column whose values OmniSqlite stores in a format of its own (so SQL compares them like C#), which <c>Migrate</c>
    /// converts older rows to: Microsoft.Data.Sqlite's text, as the first versions wrote them, or another scale.
    /// </summary>
    public enum ColumnStorage
    {
        /// <summary>The value as Microsoft.Data.Sqlite binds it (integers, REAL, TEXT, BLOB): nothing to convert.</summary>
        Plain,
        /// <summary>A DateTime as fixed-width text, <c>yyyy-MM-dd HH:mm:ss.fffffff</c>, with <c>Z</c> when Utc.</summary>
        DateTime,
        /// <summary>A DateTimeOffset as its UTC instant, <c>yyyy-MM-dd HH:mm:ss.fffffffZ</c> (declared <c>TEXT_UTC</c>).</summary>
        DateTimeOffset,
        /// <summary>A TimeSpan as its ticks, an INTEGER.</summary>
        TimeSpan,
        /// <summary>A decimal as value x 10^scale, an INTEGER (declared <c>DECIMAL(18,scale)</c>).</summary>
        ScaledDecimal,
    }
}
