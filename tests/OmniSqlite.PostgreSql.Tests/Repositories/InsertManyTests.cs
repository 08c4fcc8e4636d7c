using Npgsql;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>PostgreSQL InsertMany: multi-row INSERT batches, keys back in order, all or nothing.</summary>
public sealed class InsertManyTests
{
    [PostgresFact]
    public async Task Batches_of_0_1_and_1001_rows_get_their_keys_in_order_and_fail_whole()
    {
        using var db = new EngineDatabase(EngineDatabase.PostgreSql);
        using var clients = db.Clients();
        using var campaigns = new CampaignPostgreSqlRepository(db.Postgres);
        var clientId = clients.Insert(new Client { Name = "Acme" });
        Campaign New(int i, long id = 0) => new() { Id = id, ClientId = clientId, Title = "t" + i, Slug = "s" + i, CreatedAt = DateTime.UnixEpoch.AddDays(i) };

        Assert.Equal(0, campaigns.InsertMany(Array.Empty<Campaign>()));
        var one = New(0);
        Assert.Equal(1, campaigns.InsertMany(new[] { one }));
        Assert.Equal("t0", campaigns.GetById(one.Id)!.Title);

        // 1,001 rows: one full batch of 1,000 and one of 1; explicit keys in the middle split the generated-key runs.
        var rows = Enumerable.Range(1, 1001).Select(i => i is 500 or 501 ? New(i, 100_000 + i) : New(i)).ToList();
        Assert.Equal(1001, await campaigns.InsertManyAsync(rows));
        Assert.Equal(new long[] { 100_500, 100_501 }, new[] { rows[499].Id, rows[500].Id });
        foreach (var c in rows) Assert.Equal(c.Title, campaigns.GetById(c.Id)!.Title);
        var generated = rows.Where(c => c.Id < 100_000).Select(c => c.Id).ToList();
        Assert.Equal(generated.OrderBy(x => x), generated); // handed out in VALUES order
        Assert.Equal(1002, campaigns.Count());
        // The next call reuses the prepared full-size statement.
        Assert.Equal(1001, campaigns.InsertMany(Enumerable.Range(2000, 1001).Select(i => New(i))));
        Assert.Equal(2003, campaigns.Count());

        // A duplicate slug in the second batch: nothing of the call stays, the keys of the first batch notwithstanding.
        var clash = Enumerable.Range(5000, 1001).Select(i => New(i)).ToList();
        clash[1000].Slug = "s1";
        Assert.Throws<PostgresException>(() => campaigns.InsertMany(clash));
        Assert.Equal(2003, campaigns.Count());
        await Assert.ThrowsAsync<PostgresException>(() => campaigns.InsertManyAsync(clash));
        Assert.Equal(2003, campaigns.Count());

        // Inside the caller's transaction: rolled back with it.
        using (var transaction = db.Postgres.BeginTransaction())
        {
            campaigns.Transaction = transaction;
            Assert.Equal(3, campaigns.InsertMany(Enumerable.Range(9000, 3).Select(i => New(i))));
            transaction.Rollback();
        }
        Assert.Equal(2003, campaigns.Count());

        // A table whose only column is its identity key: VALUES (DEFAULT), (DEFAULT).
        using var bare = new BarePostgreSqlRepository(db.Postgres);
        var bares = Enumerable.Range(0, 3).Select(_ => new Bare()).ToList();
        Assert.Equal(3, bare.InsertMany(bares));
        Assert.Equal(3, bares.Select(b => b.Id).Distinct().Count());
    }
}
