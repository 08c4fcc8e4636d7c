using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>The PostgreSQL repository and [Query] methods emit the same OmniSqlite spans and durations as SQLite's, as postgresql.</summary>
public sealed class TelemetryTests
{
    [PostgresFact]
    public async Task PostgreSQL_calls_emit_OmniSqlite_spans_and_durations()
    {
        using var db = new EngineDatabase(EngineDatabase.PostgreSql);
        var database = db.Postgres.Database;
        // Listeners are process-wide and other tests run in parallel: keep only this database's records.
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OmniSqliteTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if ((string?)a.GetTagItem("db.namespace") == database) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var durations = new ConcurrentQueue<(string System, string Operation, string? Collection)>();
        using var meter = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == OmniSqliteTelemetry.Name && instrument.Name == "db.client.operation.duration") l.EnableMeasurementEvents(instrument);
            },
        };
        meter.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value as string);
            if (t.GetValueOrDefault("db.namespace") == database)
                durations.Enqueue((t["db.system.name"]!, t["db.operation.name"]!, t.GetValueOrDefault("db.collection.name")));
        });
        meter.Start();

        using var clients = db.Clients();
        using var campaigns = db.Campaigns();
        var clientId = clients.Insert(new Client { Name = "Acme" });
        await campaigns.InsertManyAsync(new[] { new Campaign { ClientId = clientId, Title = "a" }, new Campaign { ClientId = clientId, Title = "b" } });
        Assert.Equal(2, campaigns.FindByClientId(clientId).Count);
        Assert.Equal(2, PgQueries.CountFor(db.Postgres, clientId));
        Assert.Throws<Npgsql.PostgresException>(() => clients.Insert(new Client { Id = clientId, Name = "twice" }));

        var seen = spans.Select(a => (a.DisplayName, System: (string?)a.GetTagItem("db.system.name"), Operation: (string?)a.GetTagItem("db.operation.name"), Status: a.Status)).ToList();
        Assert.Equal(new[] { "INSERT pg_clients", "INSERT pg_campaigns", "SELECT pg_campaigns", "SELECT pg_campaigns", "INSERT pg_clients" }, seen.Select(s => s.DisplayName));
        Assert.All(seen, s => Assert.Equal("postgresql", s.System));
        Assert.All(spans, a => Assert.Equal(ActivityKind.Client, a.Kind));
        Assert.Contains("\"pg_campaigns\"", (string?)spans.ElementAt(1).GetTagItem("db.query.text"));
        Assert.Contains("count(*)", (string?)spans.ElementAt(3).GetTagItem("db.query.text"));
        Assert.Equal(ActivityStatusCode.Error, seen[4].Status);
        Assert.Equal("Npgsql.PostgresException", spans.ElementAt(4).GetTagItem("error.type"));
        Assert.Equal(5, durations.Count);
        Assert.All(durations, d => Assert.Equal("postgresql", d.System));
        Assert.Equal(("postgresql", "SELECT", "pg_campaigns"), durations.ElementAt(2));
    }
}
