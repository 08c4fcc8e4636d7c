using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Queries;

/// <summary>
/// The six everyday queries of issue 12 (a JOIN with a filter, a page ordered by date, a count grouped by status, a LIKE
/// search, an IN list, a one-column update) as [Query] methods, against a real file, checked row by row.
/// </summary>
public sealed class EverydayQueryTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;
    private static readonly DateTime Day = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    public EverydayQueryTests()
    {
        _connection = _db.Open();
        OmniSqliteSchema.EnsureCreated(_connection);
        QueryData.Seed(_connection);
    }

    public void Dispose()
    {
        _connection.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void Join_with_filter_maps_the_alias_and_keeps_only_that_country()
    {
        var rows = EverydayQueries.CampaignsInCountry(_connection, "FR");
        Assert.Equal(new[]
        {
            new CampaignWithClient(1, "Spring sale", "Acme"),
            new CampaignWithClient(2, "Summer sale", "Acme"),
            new CampaignWithClient(4, "Launch", "Bistro"),
        }, rows);
        Assert.Empty(EverydayQueries.CampaignsInCountry(_connection, "US"));
    }

    [Fact]
    public void Page_ordered_by_date_returns_the_requested_window()
    {
        var first = EverydayQueries.Page(_connection, skip: 0, take: 2);
        var second = EverydayQueries.Page(_connection, skip: 2, take: 2);
        Assert.Equal(new long[] { 5, 4 }, first.Select(c => c.Id));
        Assert.Equal(new long[] { 3, 2 }, second.Select(c => c.Id));
        var newest = first[0];
        Assert.Equal(3, newest.ClientId);
        Assert.Equal("Winter", newest.Title);
        Assert.Equal(CampaignStatus.Paused, newest.Status);
        Assert.Equal(Day.AddDays(4), newest.CreatedAt);
        Assert.Null(newest.Budget);
        Assert.Equal(250.5m, second[1].Budget);
    }

    [Fact]
    public void Count_grouped_by_status()
    {
        Assert.Equal(new[]
        {
            new StatusCount(CampaignStatus.Draft, 1),
            new StatusCount(CampaignStatus.Active, 3),
            new StatusCount(CampaignStatus.Paused, 1),
        }, EverydayQueries.CountByStatus(_connection));
    }

    [Fact]
    public void Like_search()
    {
        Assert.Equal(new[] { "Spring sale", "Summer sale" }, EverydayQueries.Search(_connection, "%sale").Select(c => c.Title));
        Assert.Empty(EverydayQueries.Search(_connection, "nothing%"));
    }

    [Fact]
    public void In_list()
    {
        Assert.Equal(new long[] { 2, 5 }, EverydayQueries.ByIds(_connection, new long[] { 5, 2, 99 }).Select(c => c.Id));
    }

    [Fact]
    public void One_column_update_changes_that_column_only()
    {
        var before = new CampaignRepository(_connection).GetById(3)!;
        Assert.Equal(1, EverydayQueries.SetStatus(_connection, 3, CampaignStatus.Paused));
        Assert.Equal(0, EverydayQueries.SetStatus(_connection, 42, CampaignStatus.Paused));
        var after = new CampaignRepository(_connection).GetById(3)!;
        Assert.Equal(CampaignStatus.Paused, after.Status);
        Assert.Equal((before.Title, before.ClientId, before.CreatedAt, before.Budget), (after.Title, after.ClientId, after.CreatedAt, after.Budget));
    }
}

internal static class QueryData
{
    public static readonly DateTime Day = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>Clients 1 Acme (FR), 2 Bistro (FR), 3 Cargo (DE); campaigns 1-5, one a day.</summary>
    public static void Seed(SqliteConnection connection)
    {
        var clients = new ClientRepository(connection);
        clients.Insert(new Client { Name = "Acme", Country = "FR" });
        clients.Insert(new Client { Name = "Bistro", Country = "FR" });
        clients.Insert(new Client { Name = "Cargo", Country = "DE" });
        var campaigns = new CampaignRepository(connection);
        campaigns.Insert(new Campaign { ClientId = 1, Title = "Spring sale", Status = CampaignStatus.Active, CreatedAt = Day, Budget = 100m });
        campaigns.Insert(new Campaign { ClientId = 1, Title = "Summer sale", Status = CampaignStatus.Active, CreatedAt = Day.AddDays(1), Budget = 250.5m });
        campaigns.Insert(new Campaign { ClientId = 3, Title = "Autumn", Status = CampaignStatus.Draft, CreatedAt = Day.AddDays(2) });
        campaigns.Insert(new Campaign { ClientId = 2, Title = "Launch", Status = CampaignStatus.Active, CreatedAt = Day.AddDays(3), Budget = 10m });
        campaigns.Insert(new Campaign { ClientId = 3, Title = "Winter", Status = CampaignStatus.Paused, CreatedAt = Day.AddDays(4) });
    }
}
