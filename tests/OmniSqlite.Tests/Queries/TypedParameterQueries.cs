#nullable enable
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Queries;

/// <summary>Scaled decimals and the IN-list element types that need their column's form (TypedParameterTests).</summary>
[Table("priced_items")]
public sealed class PricedItem
{
    [PrimaryKey] public long Id { get; set; }
    [Column(Scale = 2)] public decimal Price { get; set; }
    [Column(Scale = 4)] public decimal? Discount { get; set; }
    public decimal Loose { get; set; }
    public Guid Code { get; set; }
    public DateOnly Day { get; set; }
    public TimeOnly Clock { get; set; }
}

public static partial class TypedParameterQueries
{
    [Query("SELECT id FROM priced_items WHERE price > $min ORDER BY id")]
    public static partial List<long> PricierThan(SqliteConnection connection, decimal min);

    [Query("SELECT id FROM priced_items p WHERE p.price BETWEEN $low AND $high ORDER BY id")]
    public static partial List<long> PricedBetween(SqliteConnection connection, decimal low, decimal high);

    [Query("SELECT id FROM priced_items WHERE $discount = discount ORDER BY id")]
    public static partial List<long> WithDiscount(SqliteConnection connection, decimal? discount);

    [Query("UPDATE priced_items SET price = $price WHERE id = $id")]
    public static partial int SetPrice(SqliteConnection connection, long id, decimal price);

    [Query("INSERT INTO priced_items (id, price, discount, loose, code, day, clock) VALUES ($id, $price, $discount, $loose, $code, $day, $clock)")]
    public static partial int Add(SqliteConnection connection, long id, decimal price, decimal? discount, decimal loose, Guid code, DateOnly day, TimeOnly clock);

    [Query("SELECT id FROM priced_items WHERE price IN $prices ORDER BY id")]
    public static partial List<long> ByPrices(SqliteConnection connection, decimal[] prices);

    [Query("SELECT id FROM priced_items WHERE discount IN $discounts ORDER BY id")]
    public static partial List<long> ByDiscounts(SqliteConnection connection, IEnumerable<decimal?> discounts);

    [Query("SELECT id FROM priced_items WHERE loose IN $values ORDER BY id")]
    public static partial List<long> ByLoose(SqliteConnection connection, List<decimal> values);

    [Query("SELECT id FROM priced_items WHERE code IN $codes ORDER BY id")]
    public static partial List<long> ByCodes(SqliteConnection connection, IEnumerable<Guid> codes);

    [Query("SELECT id FROM priced_items WHERE day IN $days ORDER BY id")]
    public static partial List<long> ByDays(SqliteConnection connection, DateOnly[] days);

    [Query("SELECT id FROM priced_items WHERE clock IN $clocks ORDER BY id")]
    public static partial List<long> ByClocks(SqliteConnection connection, List<TimeOnly> clocks);

    [Query("SELECT price FROM priced_items WHERE id = $id")]
    public static partial decimal PriceOf(SqliteConnection connection, long id);
}
