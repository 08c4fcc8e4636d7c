using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Queries;

/// <summary>
/// A decimal parameter meets a [Column(Scale = n)] column in its stored form (value x 10^n), and IN lists of decimal,
/// Guid, DateOnly and TimeOnly carry each item as its column stores it: compared with rows the repository wrote.
/// </summary>
public sealed class TypedParameterTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;
    private static readonly Guid A = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), B = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    public TypedParameterTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
        var repo = new PricedItemRepository(_connection);
        repo.Insert(new PricedItem { Id = 1, Price = 9.99m, Discount = 0.125m, Loose = 1.5m, Code = A, Day = new DateOnly(2026, 1, 2), Clock = new TimeOnly(5, 0) });
        repo.Insert(new PricedItem { Id = 2, Price = 10m, Discount = null, Loose = 10m, Code = B, Day = new DateOnly(2026, 12, 31), Clock = new TimeOnly(5, 0, 0, 500) });
        repo.Insert(new PricedItem { Id = 3, Price = 100.5m, Discount = 0.0001m, Loose = -2.25m, Code = Guid.Empty, Day = DateOnly.MinValue, Clock = TimeOnly.MaxValue });
        repo.Insert(new PricedItem { Id = 4, Price = -5.25m, Discount = 0.125m, Loose = 0m, Code = A, Day = DateOnly.MaxValue, Clock = TimeOnly.MinValue });
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void A_decimal_compared_with_a_scaled_column_is_bound_as_the_column_stores_it()
    {
        Assert.Equal(new long[] { 3 }, TypedParameterQueries.PricierThan(_connection, 10m));
        Assert.Equal(new long[] { 1, 2, 3 }, TypedParameterQueries.PricierThan(_connection, -5.25m));
        Assert.Equal(new long[] { 1, 2 }, TypedParameterQueries.PricedBetween(_connection, 9.99m, 10.00m));
        Assert.Equal(new long[] { 1, 4 }, TypedParameterQueries.WithDiscount(_connection, 0.125m));
        Assert.Empty(TypedParameterQueries.WithDiscount(_connection, null));
        // More places than the column keeps: refused naming the parameter, not rounded.
        var error = Assert.Throws<ArgumentException>(() => TypedParameterQueries.PricierThan(_connection, 1.005m));
        Assert.Contains("parameter 'min' = 1.005 has more than 2 decimal places", error.Message);
    }

    [Fact]
    public void A_decimal_written_by_UPDATE_or_INSERT_is_stored_scaled_and_reads_back_through_the_repository()
    {
        Assert.Equal(1, TypedParameterQueries.SetPrice(_connection, 2, 12.34m));
        Assert.Equal(1, TypedParameterQueries.Add(_connection, 5, 0.01m, 1.2345m, 7.5m, B, new DateOnly(2026, 6, 1), new TimeOnly(12, 30)));
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT group_concat(typeof(price) || ':' || price || ':' || ifnull(discount, '-'), ' ') FROM priced_items WHERE id IN (2, 5) ORDER BY id";
        Assert.Equal("integer:1234:- integer:1:12345", command.ExecuteScalar());
        var repo = new PricedItemRepository(_connection);
        Assert.Equal(12.34m, repo.GetById(2)!.Price);
        var added = repo.GetById(5)!;
        Assert.Equal((0.01m, (decimal?)1.2345m, 7.5m, B), (added.Price, added.Discount, added.Loose, added.Code));
        Assert.Equal(12.34m, TypedParameterQueries.PriceOf(_connection, 2));
    }

    [Fact]
    public void IN_lists_of_decimal_Guid_DateOnly_and_TimeOnly_match_the_rows_the_repository_wrote()
    {
        Assert.Equal(new long[] { 1, 3 }, TypedParameterQueries.ByPrices(_connection, new[] { 9.99m, 100.50m, 7m }));
        Assert.Empty(TypedParameterQueries.ByPrices(_connection, Array.Empty<decimal>()));
        Assert.Equal(new long[] { 1, 3, 4 }, TypedParameterQueries.ByDiscounts(_connection, new decimal?[] { 0.125m, 0.0001m, null }));
        Assert.Equal(new long[] { 1, 3 }, TypedParameterQueries.ByLoose(_connection, new List<decimal> { 1.5m, -2.25m }));
        Assert.Equal(new long[] { 1, 4 }, TypedParameterQueries.ByCodes(_connection, new[] { A }));
        Assert.Equal(new long[] { 2, 3 }, TypedParameterQueries.ByCodes(_connection, new[] { B, Guid.Empty }));
        Assert.Equal(new long[] { 2, 3 }, TypedParameterQueries.ByDays(_connection, new[] { new DateOnly(2026, 12, 31), DateOnly.MinValue }));
        Assert.Equal(new long[] { 2, 3, 4 }, TypedParameterQueries.ByClocks(_connection, new List<TimeOnly> { new TimeOnly(5, 0, 0, 500), TimeOnly.MaxValue, TimeOnly.MinValue }));
        var thousand = Enumerable.Range(0, 999).Select(i => 1000m + i / 100m).Append(10m).ToArray();
        Assert.Equal(new long[] { 2 }, TypedParameterQueries.ByPrices(_connection, thousand));
    }
}
