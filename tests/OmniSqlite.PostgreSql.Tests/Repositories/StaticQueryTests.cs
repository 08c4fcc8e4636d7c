using Npgsql;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>Static [Query] methods on an NpgsqlConnection, against the throwaway cluster.</summary>
public sealed class StaticQueryTests
{
    [PostgresFact]
    public async Task Static_queries_run_every_shape_on_PostgreSQL()
    {
        using var db = new EngineDatabase(EngineDatabase.PostgreSql);
        var connection = db.Postgres;
        using var clients = db.Clients();
        using var campaigns = db.Campaigns();
        var clientId = clients.Insert(new Client { Name = "Acme" });
        var all = Enumerable.Range(0, 1000).Select(i => new Campaign { ClientId = clientId, Title = "t" + i, Slug = i % 2 == 0 ? "s" + i : null, CreatedAt = DateTime.UnixEpoch }).ToList();
        campaigns.InsertMany(all);
        var keys = all.Select(c => c.Id).ToList();

        Assert.Equal(keys, PgQueries.ForClient(connection, clientId).Select(c => c.Id));
        Assert.Equal((keys[5], "t5"), PgQueries.Titles(connection, clientId)[5]);
        Assert.Equal("t4", PgQueries.TitleBySlug(connection, "s4"));
        Assert.Null(PgQueries.TitleBySlug(connection, "missing"));
        Assert.Equal(1000, PgQueries.CountFor(connection, clientId));
        Assert.Equal(new CampaignRow(keys[7], "t7") { Status = "draft" }, PgQueries.One(connection, keys[7]));
        var none = Assert.Throws<InvalidOperationException>(() => PgQueries.One(connection, -1));
        Assert.Contains("PgQueries.One returned no row", none.Message);

        // IN lists of 0, 1 and 1,000 items: one array parameter, = ANY / <> ALL.
        Assert.Empty(PgQueries.Existing(connection, Array.Empty<long>()));
        Assert.Equal(new[] { keys[3] }, PgQueries.Existing(connection, new List<long> { keys[3] }));
        Assert.Equal(keys, PgQueries.Existing(connection, keys.Concat(new[] { -1L })));
        Assert.Equal(keys.Skip(2), PgQueries.Others(connection, keys.Take(2).ToArray(), clientId));
        Assert.Equal(keys, PgQueries.Others(connection, Array.Empty<long>(), clientId));

        // In a transaction: rolled back, nothing changed; committed, changed.
        using (var transaction = connection.BeginTransaction())
        {
            Assert.Equal(3, PgQueries.SetStatus(connection, transaction, keys.Take(3).ToList(), "live"));
            transaction.Rollback();
        }
        Assert.Equal("draft", PgQueries.One(connection, keys[0]).Status);
        Assert.Equal(2, PgQueries.SetStatus(connection, null, keys.Take(2).ToList(), "live"));
        Assert.Equal("live", PgQueries.One(connection, keys[1]).Status);

        Assert.Equal("none", PgQueries.SlugOrNone(connection, keys[1]));
        Assert.Equal("s0", PgQueries.SlugOrNone(connection, keys[0]));

        var rows = await PgQueries.RowsAsync(connection, clientId, CancellationToken.None);
        Assert.Equal(new CampaignRow(keys[999], "t999"), rows[999]);
        var streamed = new List<long>();
        await foreach (var id in PgQueries.StreamIds(connection, clientId)) streamed.Add(id);
        Assert.Equal(keys, streamed);
        Assert.Equal("t9", await PgQueries.TitleAsync(connection, keys[9]));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PgQueries.RowsAsync(connection, clientId, cancelled.Token));

        // One command per method per connection: a second connection gets its own.
        using var other = new NpgsqlConnection(connection.ConnectionString);
        other.Open();
        Assert.Equal(1000, PgQueries.CountFor(other, clientId));
    }
}
