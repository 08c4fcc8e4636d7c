using Microsoft.Data.Sqlite;

namespace OmniSqlite.Tests.Queries;

/// <summary>Every return shape and parameter kind of generated [Query] code, against a real file.</summary>
public sealed class QueryShapeTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public QueryShapeTests()
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
    public void Lists_read_only_lists_tuples_and_scalar_lists()
    {
        Assert.Equal(new[] { new IdAndTitle(1, "Spring sale"), new IdAndTitle(2, "Summer sale") }, ShapeQueries.ReadOnly(_connection, 1));
        Assert.Equal((3L, "Autumn"), ShapeQueries.Tuples(_connection)[2]);
        Assert.Equal(new[] { "Spring sale", "Summer sale", "Autumn", "Launch", "Winter" }, ShapeQueries.Titles(_connection));
    }

    [Fact]
    public void First_or_null_and_exactly_one()
    {
        var found = ShapeQueries.Find(_connection, 2)!;
        Assert.Equal((2L, "Summer sale", (decimal?)250.5m), (found.Id, found.Title, found.Budget));
        Assert.Null(ShapeQueries.Find(_connection, 99));
        Assert.Equal("Autumn", ShapeQueries.Get(_connection, 3).Title);
        Assert.Null(ShapeQueries.Get(_connection, 3).Budget);
        var missing = Assert.Throws<InvalidOperationException>(() => ShapeQueries.Get(_connection, 99));
        Assert.Contains("ShapeQueries.Get returned no row", missing.Message);
        Assert.Equal(new IdAndTitle(4, "Launch"), ShapeQueries.FindStruct(_connection, 4));
        Assert.Null(ShapeQueries.FindStruct(_connection, 99));
    }

    [Fact]
    public void Scalars_and_nulls()
    {
        Assert.Equal(5L, ShapeQueries.Count(_connection));
        Assert.Equal(3, ShapeQueries.CountWithStatus(_connection, CampaignStatus.Active));
        Assert.True(ShapeQueries.Exists(_connection, "Launch"));
        Assert.False(ShapeQueries.Exists(_connection, "launch"));
        Assert.Equal("Winter", ShapeQueries.TitleOf(_connection, 5));
        Assert.Null(ShapeQueries.TitleOf(_connection, 99));
        Assert.Equal(QueryData.Day.AddDays(4), ShapeQueries.Newest(_connection));
        Assert.Equal(100m, ShapeQueries.BudgetOf(_connection, 1));
        Assert.Null(ShapeQueries.BudgetOf(_connection, 3));
    }

    [Fact]
    public void Returning_into_a_tuple_and_a_scalar_and_null_parameters()
    {
        Assert.Equal((1L, (decimal?)null), ShapeQueries.SetBudget(_connection, 1, null));
        Assert.Null(ShapeQueries.BudgetOf(_connection, 1));
        Assert.Equal((1L, (decimal?)7.25m), ShapeQueries.SetBudget(_connection, 1, 7.25m));
        var id = _connection.AddClient("Delta", "IT");
        Assert.Equal(4L, id);
        Assert.Equal("Delta", new ClientRepository(_connection).GetById(id)!.Name);
    }

    [Fact]
    public async Task Async_shapes_and_streaming()
    {
        var streamed = new List<long>();
        await foreach (var c in ShapeQueries.Stream(_connection, 3, CancellationToken.None)) streamed.Add(c.Id);
        Assert.Equal(new long[] { 3, 5 }, streamed);
        Assert.Equal(new long[] { 1, 2 }, (await ShapeQueries.ListAsync(_connection, 1, CancellationToken.None)).Select(c => c.Id));
        Assert.Equal(5L, await ShapeQueries.CountAsync(_connection));
        Assert.Equal("Launch", (await ShapeQueries.FindAsync(_connection, 4, CancellationToken.None))!.Title);
        Assert.Equal(1, await ShapeQueries.DeleteAsync(_connection, 4, CancellationToken.None));
        Assert.Equal(4L, ShapeQueries.Count(_connection));
    }

    [Fact]
    public async Task Cancellation_stops_before_the_query_runs()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ShapeQueries.DeleteAsync(_connection, 1, cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in ShapeQueries.Stream(_connection, 1, cts.Token)) { }
        });
        Assert.Equal(5L, ShapeQueries.Count(_connection));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public void In_lists_of_0_1_and_1000_items(int count)
    {
        var repo = new CampaignRepository(_connection);
        repo.InsertMany(Enumerable.Range(0, 1000).Select(i => new Campaign { ClientId = 2, Title = "bulk " + i, CreatedAt = QueryData.Day }).ToList());
        var ids = Enumerable.Range(6, count).Select(i => (long)i).ToArray();
        var found = EverydayQueries.ByIds(_connection, ids);
        Assert.Equal(ids, found.Select(c => c.Id));
        Assert.Equal(ids.Select(i => "bulk " + (i - 6)), found.Select(c => c.Title));
        var titles = ids.Select(i => "bulk " + (i - 6)).ToArray();
        Assert.Equal(ids, ShapeQueries.IdsByTitle(_connection, titles));
    }

    [Fact]
    public void In_lists_of_strings_with_quotes_and_of_enums()
    {
        new CampaignRepository(_connection).Insert(new Campaign { ClientId = 1, Title = "say \"hi\" \\ \u00e9\n", CreatedAt = QueryData.Day });
        Assert.Equal(new long[] { 6 }, ShapeQueries.IdsByTitle(_connection, new[] { "say \"hi\" \\ \u00e9\n", "nope" }));
        Assert.Equal(new long[] { 3, 5, 6 }, ShapeQueries.IdsByStatus(_connection, new List<CampaignStatus> { CampaignStatus.Draft, CampaignStatus.Paused }));
        Assert.Throws<ArgumentNullException>(() => EverydayQueries.ByIds(_connection, null!));
    }

    [Fact]
    public void An_in_list_through_json_each_still_uses_the_primary_key()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM campaigns WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", "[1,2]");
        var plan = new List<string>();
        using (var reader = command.ExecuteReader()) while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, d => d.StartsWith("SEARCH campaigns USING INTEGER PRIMARY KEY (rowid=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN campaigns", StringComparison.Ordinal));

        command.CommandText = "EXPLAIN QUERY PLAN SELECT id FROM campaigns WHERE client_id IN (SELECT value FROM json_each($ids))";
        plan.Clear();
        using (var reader = command.ExecuteReader()) while (reader.Read()) plan.Add(reader.GetString(3));
        Assert.Contains(plan, d => d.Contains("USING COVERING INDEX idx_campaigns_client_id (client_id=?)", StringComparison.Ordinal)
            || d.Contains("USING INDEX idx_campaigns_client_id (client_id=?)", StringComparison.Ordinal));
    }

    [Fact]
    public void Select_star_is_expanded_at_compile_time_so_an_added_column_shifts_nothing()
    {
        using (var alter = _connection.CreateCommand())
        {
            // A column added in front of the others' positions would shift an ordinal read of SELECT *; mapping stays by name.
            alter.CommandText = "ALTER TABLE campaigns ADD COLUMN notes TEXT DEFAULT 'x'";
            alter.ExecuteNonQuery();
        }
        var page = EverydayQueries.Page(_connection, 0, 1);
        Assert.Equal((5L, "Winter", CampaignStatus.Paused), (page[0].Id, page[0].Title, page[0].Status));
        Assert.Equal(new long[] { 3, 5 }, ShapeQueries.OfClient(_connection, "Cargo").Select(c => c.Id));
    }

    [Fact]
    public void Transactions_static_parameter_and_repository_property()
    {
        using (var tx = _connection.BeginTransaction())
        {
            Assert.Equal(1, EverydayQueries.SetStatus(_connection, 1, CampaignStatus.Draft, tx));
            ShapeQueries.DeleteAll(_connection, tx);
            tx.Rollback();
        }
        Assert.Equal(5L, ShapeQueries.Count(_connection));
        Assert.Equal(CampaignStatus.Active, new CampaignRepository(_connection).GetById(1)!.Status);

        var repo = new CampaignRepository(_connection);
        Assert.Equal(new long[] { 3, 5 }, repo.ForClient(3).Select(c => c.Id));
        using (var tx = _connection.BeginTransaction())
        {
            repo.Transaction = tx;
            Assert.Equal(1, repo.Rename(3, "Renamed"));
            Assert.Equal("Renamed", repo.ForClient(3)[0].Title);
            tx.Commit();
        }
        repo.Transaction = null;
        Assert.Equal("Renamed", repo.GetById(3)!.Title);
    }

    [Fact]
    public void One_command_per_method_per_connection_is_reused()
    {
        // Same results on a second connection to the same file, and on the first again: the cache is per connection.
        using var other = _db.Open();
        Assert.Equal(5L, ShapeQueries.Count(other));
        Assert.Equal(5L, ShapeQueries.Count(_connection));
        EverydayQueries.SetStatus(other, 1, CampaignStatus.Paused);
        Assert.Equal(2, ShapeQueries.CountWithStatus(_connection, CampaignStatus.Paused));
        Assert.Equal(2, ShapeQueries.CountWithStatus(other, CampaignStatus.Paused));
    }
}
