using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OmniSqlite.Benchmarks.Crud;

namespace OmniSqlite.Benchmarks.Connections;

/// <summary>
/// What a web request pays for a connection: open from the pool, one point read, dispose.
/// Plain: <c>new SqliteConnection(cs).Open()</c> on a file already in WAL (the PRAGMAs the pool's handle happens to keep).
/// Profile: <c>SqliteProfile.Production.Open(cs)</c>, applied once per pooled native handle. Goal: Profile at most 1.1x Plain.
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*ConnectionOpen*' --job short
/// </summary>
[MemoryDiagnoser]
public class ConnectionOpenBenchmarks
{
    private BenchmarkDatabase? _db;
    private string _pooled = "";
    private long[] _ids = Array.Empty<long>();
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Create("open");
        _pooled = new SqliteConnectionStringBuilder(_db.ConnectionString) { Pooling = true }.ToString();
        _ids = _db.ShuffledIds;
        // Warm the pool with one handle that has the profile.
        using (SqliteProfile.Production.Open(_pooled)) { }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _db?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public object? PlainPooledOpen_PointRead()
    {
        using var connection = new SqliteConnection(_pooled);
        connection.Open();
        return Read(connection);
    }

    [Benchmark]
    public object? ProfileOpen_PointRead()
    {
        using var connection = SqliteProfile.Production.Open(_pooled);
        return Read(connection);
    }

    private object? Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"name\" FROM \"campaigns\" WHERE \"id\" = $id";
        command.Parameters.AddWithValue("$id", _ids[_next++ % _ids.Length]);
        return command.ExecuteScalar();
    }
}

/// <summary>
/// The generated repository's point read (GetById) with no listener, and with an ActivityListener and a MeterListener
/// attached to "OmniSqlite" (recording every span and measurement, as an exporter would).
///   dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*TelemetryOverhead*' --job short
/// </summary>
[MemoryDiagnoser]
public class TelemetryOverheadBenchmarks
{
    private BenchmarkDatabase? _db;
    private SqliteConnection? _connection;
    private CampaignRepository? _repository;
    private long[] _ids = Array.Empty<long>();
    private int _next;
    private ActivityListener? _activities;
    private MeterListener? _meters;
    private long _seen;

    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _db = BenchmarkDatabase.Create("telemetry");
        _ids = _db.ShuffledIds;
        _connection = SqliteProfile.Production.Open(_db.ConnectionString);
        _repository = new CampaignRepository(_connection);
        if (!Listening) return;
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == OmniSqliteTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _seen),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == OmniSqliteTelemetry.Name) l.EnableMeasurementEvents(i); } };
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _seen));
        _meters.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (Listening) Console.WriteLine($"// spans and measurements seen: {_seen}");
        _activities?.Dispose();
        _meters?.Dispose();
        _repository?.Dispose();
        _connection?.Dispose();
        _db?.Dispose();
    }

    [Benchmark]
    public Campaign? GetById() => _repository!.GetById(_ids[_next++ % _ids.Length]);
}
