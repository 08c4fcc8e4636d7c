using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>The [Query] shapes through the generated interface, one body for both engines.</summary>
public sealed class QueryTests
{
    [PostgresTheory]
    [MemberData(nameof(EngineDatabase.Both), MemberType = typeof(EngineDatabase))]
    public async Task Query_shapes_and_IN_lists_behave_the_same(string engine)
    {
        using var db = new EngineDatabase(engine);
        using var clients = db.Clients();
        using var campaigns = db.Campaigns();
        var clientId = clients.Insert(new Client { Name = "Acme" });
        var created = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var ids = Enumerable.Range(0, 1000).Select(i => new Campaign { ClientId = clientId, Title = "t" + i, Slug = i % 2 == 0 ? "s" + i : null, CreatedAt = created }).ToList();
        campaigns.InsertMany(ids);
        var keys = ids.Select(c => c.Id).ToList();

        Assert.Equal(keys, campaigns.ForClient(clientId).Select(c => c.Id));
        Assert.Equal(1000, campaigns.CountWithStatus("draft"));
        Assert.Equal("t4", campaigns.TitleBySlug("s4"));
        Assert.Null(campaigns.TitleBySlug("missing"));
        Assert.Empty(campaigns.Existing(Array.Empty<long>()));
        Assert.Equal(new[] { keys[3] }, campaigns.Existing(new[] { keys[3] }));
        Assert.Equal(keys, campaigns.Existing(keys.Select(k => k).Concat(new[] { -1L })));
        Assert.Equal(3, campaigns.SetStatus(keys.Take(3).ToList(), "live"));
        Assert.Equal(0, campaigns.SetStatus(Array.Empty<long>(), "live"));
        Assert.Equal(3, campaigns.CountWithStatus("live"));
        Assert.Equal("none", campaigns.SlugOrNone(keys[1]));
        Assert.Equal("s0", campaigns.SlugOrNone(keys[0]));
        var totals = campaigns.Sums();
        Assert.Equal(keys.Sum(), totals.Total);
        Assert.Equal(keys.Average(), totals.Mean!.Value, 6);

        var titles = await campaigns.TitlesAsync(clientId);
        Assert.Equal((keys[999], "t999"), titles[999]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => campaigns.TitlesAsync(clientId, cancelled.Token));
    }
}
