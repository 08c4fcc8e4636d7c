using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Queries;

namespace OmniSqlite.Tests.Telemetry;

/// <summary>Generated [Query] methods trace like the repositories: one span and one duration per call, named by verb and table.</summary>
public sealed class QueryTelemetryTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SqliteConnection _connection;

    public QueryTelemetryTests()
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
    public async Task Every_query_method_call_makes_one_span_and_one_measurement_named_by_its_verb_and_table()
    {
        using var capture = new TelemetryCapture(_connection.DataSource);
        using var repository = new CampaignRepository(_connection);

        Assert.NotEmpty(EverydayQueries.CampaignsInCountry(_connection, "FR"));       // JOIN: the first FROM table
        Assert.Equal(1, EverydayQueries.SetStatus(_connection, 1, CampaignStatus.Paused)); // rows changed
        Assert.NotEmpty(await ShapeQueries.ListAsync(_connection, 1, CancellationToken.None));
        await foreach (var _ in ShapeQueries.Stream(_connection, 1, CancellationToken.None)) { }
        Assert.Equal(1, repository.Rename(1, "Renamed"));                               // a repository [Query]
        Assert.True(ShapeQueries.Exists(_connection, "Renamed"));                       // SELECT EXISTS (...): no FROM of its own

        var expected = new[]
        {
            ("SELECT", "campaigns"), ("UPDATE", "campaigns"), ("SELECT", "campaigns"), ("SELECT", "campaigns"), ("UPDATE", "campaigns"), ("SELECT", ""),
        };
        var spans = capture.Spans.ToList();
        var durations = capture.Measurements.Where(m => m.Instrument == "db.client.operation.duration").ToList();
        Assert.Equal(expected.Length, spans.Count);
        Assert.Equal(expected.Length, durations.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            var (operation, table) = expected[i];
            Assert.Equal("sqlite", spans[i].GetTagItem("db.system.name"));
            Assert.Equal(operation, spans[i].GetTagItem("db.operation.name"));
            Assert.Equal(table.Length == 0 ? null : table, spans[i].GetTagItem("db.collection.name"));
            Assert.Equal(table.Length == 0 ? operation : operation + " " + table, spans[i].DisplayName);
            Assert.Equal(operation, durations[i].Tags["db.operation.name"]);
            Assert.Equal(table.Length == 0 ? null : table, durations[i].Tags.GetValueOrDefault("db.collection.name"));
        }
        // The statement text with its parameters, never the values.
        var text = (string)spans[0].GetTagItem("db.query.text")!;
        Assert.Contains("$country", text);
        Assert.DoesNotContain("'FR'", text);
    }

    [Fact]
    public void A_failed_query_marks_its_span_with_the_sqlite_error()
    {
        using var capture = new TelemetryCapture(_connection.DataSource);
        Assert.Throws<SqliteException>(() => ShapeQueries.AddClient(_connection, null!, "NL")); // NOT NULL constraint

        var span = Assert.Single(capture.Spans);
        Assert.Equal("INSERT clients", span.DisplayName);
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Error, span.Status);
        Assert.Equal("SQLITE_19", span.GetTagItem("error.type"));
    }
}
