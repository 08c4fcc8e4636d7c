using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using OmniSqlite.Tests.Profiles;

namespace OmniSqlite.Tests.Telemetry;

/// <summary>Listens to the "OmniSqlite" source and meter; only the spans and measurements of one database file are kept.</summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly string _file;

    public TelemetryCapture(string file)
    {
        _file = file;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "OmniSqlite",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("db.namespace"), _file)) Spans.Enqueue(activity);
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "OmniSqlite") listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var copy = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(copy.GetValueOrDefault("db.namespace"), _file)) Measurements.Enqueue((instrument.Name, value, copy));
        });
        _meters.Start();
    }

    public ConcurrentQueue<Activity> Spans { get; } = new();
    public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}

public sealed class OperationTelemetryTests
{
    [Fact]
    public void One_span_and_one_duration_with_the_database_attributes_and_the_error_type_on_failure()
    {
        using var folder = new ProfileTempFolder();
        using var connection = SqliteProfile.Production.Open(folder.ConnectionString());
        using var capture = new TelemetryCapture(connection.DataSource);

        using (OperationTelemetry.Start(connection, "SELECT", "campaigns", "SELECT \"id\" FROM \"campaigns\" WHERE \"id\" = @p0")) { }
        var failed = OperationTelemetry.Start(connection, "INSERT", "campaigns", "INSERT INTO \"campaigns\" (\"id\") VALUES (@p0)");
        try
        {
            try { throw new SqliteException("constraint failed", 19); }
            catch (Exception e) when (OperationTelemetry.Fail(failed, e)) { throw; }
        }
        catch (SqliteException) { }
        finally { failed?.Dispose(); }

        Assert.Equal(2, capture.Spans.Count);
        var select = capture.Spans.First();
        Assert.Equal("SELECT campaigns", select.DisplayName);
        Assert.Equal(ActivityKind.Client, select.Kind);
        Assert.Equal("sqlite", select.GetTagItem("db.system.name"));
        Assert.Equal("SELECT", select.GetTagItem("db.operation.name"));
        Assert.Equal("campaigns", select.GetTagItem("db.collection.name"));
        Assert.Equal("SELECT \"id\" FROM \"campaigns\" WHERE \"id\" = @p0", select.GetTagItem("db.query.text"));
        var insert = capture.Spans.Last();
        Assert.Equal(ActivityStatusCode.Error, insert.Status);
        Assert.Equal("SQLITE_19", insert.GetTagItem("error.type"));

        var durations = capture.Measurements.Where(m => m.Instrument == "db.client.operation.duration").ToList();
        Assert.Equal(2, durations.Count);
        Assert.Equal("sqlite", durations[0].Tags["db.system.name"]);
        Assert.Equal("SELECT", durations[0].Tags["db.operation.name"]);
        Assert.Equal("campaigns", durations[0].Tags["db.collection.name"]);
        Assert.Equal("SQLITE_19", durations[1].Tags["error.type"]);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
    }
}
