using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>The generated repositories through their generated interface: one test body, both engines.</summary>
public sealed class RepositoryTests
{
    private static readonly DateTime s_created = new(2026, 3, 4, 5, 6, 7, 123, 456, DateTimeKind.Utc);

    [PostgresTheory]
    [MemberData(nameof(EngineDatabase.Both), MemberType = typeof(EngineDatabase))]
    public void Crud_finders_and_upsert_behave_the_same(string engine)
    {
        using var db = new EngineDatabase(engine);
        using var clients = db.Clients();
        using var campaigns = db.Campaigns();
        var client = new Client { Name = "Acme" };
        Assert.True(clients.Insert(client) > 0);
        Assert.Equal(client.Id, clients.GetById(client.Id)!.Id);

        var first = new Campaign { ClientId = client.Id, Title = "Spring", Status = "live", Slug = "spring", CreatedAt = s_created };
        var id = campaigns.Insert(first);
        Assert.Equal(id, first.Id);
        var read = campaigns.GetById(id)!;
        Assert.Equal(("Spring", "live", "spring", true, s_created), (read.Title, read.Status, read.Slug, read.Active, read.CreatedAt));
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Null(campaigns.GetById(id + 1000));

        read.Title = "Spring sale";
        Assert.True(campaigns.Update(read));
        Assert.Equal("Spring sale", campaigns.GetById(id)!.Title);
        Assert.False(campaigns.Update(new Campaign { Id = id + 1000, ClientId = client.Id }));

        // Upsert: key 0 inserts, an existing key updates, a new explicit key inserts.
        var second = new Campaign { ClientId = client.Id, Title = "Summer", Status = "draft", CreatedAt = s_created };
        campaigns.Upsert(second);
        Assert.True(second.Id > id);
        second.Title = "Summer sale";
        campaigns.Upsert(second);
        Assert.Equal("Summer sale", campaigns.GetById(second.Id)!.Title);
        campaigns.Upsert(new Campaign { Id = 1000, ClientId = client.Id, Title = "Explicit", CreatedAt = s_created });
        Assert.Equal("Explicit", campaigns.GetById(1000)!.Title);
        Assert.Equal(3, campaigns.Count());

        // Finders: a single column, the composite index, a nullable unique column (NULL matches NULL, as SQLite's IS).
        Assert.Equal(3, campaigns.FindByClientId(client.Id).Count);
        Assert.Equal("Spring sale", Assert.Single(campaigns.FindByStatusAndCreatedAt("live", s_created)).Title);
        Assert.Equal(2, campaigns.FindByStatus("draft").Count);
        Assert.Equal(id, Assert.Single(campaigns.FindBySlug("spring")).Id);
        Assert.Equal(2, campaigns.FindBySlug(null).Count);
        Assert.Equal(3, campaigns.GetAll().Count);

        Assert.True(campaigns.Delete(1000));
        Assert.False(campaigns.Delete(1000));
        Assert.Equal(2, campaigns.Count());
        // ON DELETE CASCADE from [References].
        Assert.True(clients.Delete(client.Id));
        Assert.Equal(0, campaigns.Count());
    }

    [PostgresTheory]
    [MemberData(nameof(EngineDatabase.Both), MemberType = typeof(EngineDatabase))]
    public async Task Async_twins_and_InsertMany_behave_the_same(string engine)
    {
        using var db = new EngineDatabase(engine);
        using var clients = db.Clients();
        using var campaigns = db.Campaigns();
        var clientId = await clients.InsertAsync(new Client { Name = "Acme" });
        var many = Enumerable.Range(0, 40).Select(i => new Campaign { ClientId = clientId, Title = "c" + i, Slug = "s" + i, CreatedAt = s_created.AddDays(i) }).ToList();
        Assert.Equal(40, await campaigns.InsertManyAsync(many));
        Assert.All(many, c => Assert.True(c.Id > 0));
        Assert.Equal(40, many.Select(c => c.Id).Distinct().Count());
        Assert.Equal(5, campaigns.InsertMany(Enumerable.Range(0, 5).Select(i => new Campaign { ClientId = clientId, Title = "lazy" + i, CreatedAt = s_created })));
        Assert.Equal(45L, await campaigns.CountAsync());

        var one = (await campaigns.GetByIdAsync(many[7].Id))!;
        Assert.Equal(("c7", s_created.AddDays(7)), (one.Title, one.CreatedAt));
        one.Status = "live";
        Assert.True(await campaigns.UpdateAsync(one));
        Assert.Single(await campaigns.FindByStatusAsync("live"));
        await campaigns.UpsertAsync(new Campaign { Id = one.Id, ClientId = clientId, Title = "upserted", CreatedAt = s_created });
        Assert.Equal("upserted", (await campaigns.GetByIdAsync(one.Id))!.Title);
        Assert.Equal(45, (await campaigns.GetAllAsync()).Count);
        Assert.True(await campaigns.DeleteAsync(one.Id));

        // A duplicate slug fails the whole InsertMany: nothing of it stays.
        var clash = new[] { new Campaign { ClientId = clientId, Title = "x", Slug = "fresh", CreatedAt = s_created }, new Campaign { ClientId = clientId, Title = "y", Slug = "s1", CreatedAt = s_created } };
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => campaigns.InsertManyAsync(clash));
        Assert.Empty(campaigns.FindBySlug("fresh"));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => campaigns.GetAllAsync(cancelled.Token));
        Assert.Equal(44L, await campaigns.CountAsync());
    }

    [PostgresTheory]
    [MemberData(nameof(EngineDatabase.Both), MemberType = typeof(EngineDatabase))]
    public void A_text_key_and_members_named_like_generated_code(string engine)
    {
        using var db = new EngineDatabase(engine);
        using var keywords = db.Keywords();
        keywords.Insert(new Keyword { Code = "a", Command = 1, Connection = "c", Transaction = null, Select = 3 });
        keywords.Upsert(new Keyword { Code = "b", Command = 1, Select = 4 });
        keywords.Upsert(new Keyword { Code = "b", Command = 2, Select = 5 });
        Assert.Single(keywords.FindByCommand(1));
        Assert.Equal(5, keywords.GetById("b")!.Select);
        Assert.Equal("c", keywords.GetById("a")!.Connection);
        Assert.True(keywords.Delete("a"));
        Assert.Equal(1, keywords.Count());
    }
}
