using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniSqlite.PostgreSql.Migration;
using OmniSqlite.Tests;
using OmniSqlite.Tests.Postgres;
using OmniSqlite.WebApi.Data;
using Xunit.Abstractions;

namespace OmniSqlite.PostgreSql.Tests.Migration;

/// <summary>
/// Issue 18's "done when": the web API sample's database (50,000 campaigns, 100,000 contents), built by the sample's own
/// schema step and seeder, moved to PostgreSQL with every count and checksum equal. The figures go to the test output.
/// </summary>
public sealed class SampleDatabaseMigrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDatabase _db = new("api.db");

    public void Dispose() => _db.Dispose();

    [PostgresFact]
    public async Task The_web_API_sample_database_moves_with_every_count_and_checksum_equal()
    {
        using (var connection = _db.Open())
        {
            SampleData.CreateSchema(connection, secondaryIndexes: true);
        }

        var seed = new DatabaseOptions { Seed = new SeedOptions { Clients = 5_000, CampaignsPerClient = 10, ContentsPerCampaign = 2 } };
        await new SampleData.Seeder(new SqliteConnectionFactory(_db.ConnectionString), Options.Create(seed), NullLogger<SampleData.Seeder>.Instance).StartAsync(default);

        string target = PostgresCluster.Shared.CreateDatabase("sample");
        var stages = new StageClock();
        MigrationResult result = await SqliteToPostgres.MigrateAsync(_db.Path, target, new MigrationOptions { BatchSize = 20_000 }, stages);

        output.WriteLine($"migrate-to-postgres of the sample database ({new FileInfo(_db.Path).Length / 1024 / 1024} MiB): {result.Elapsed.TotalSeconds:0.00} s in all");
        foreach (TableMigrationResult t in result.Tables)
        {
            output.WriteLine($"  {t.Name,-18} {t.SqliteRows,8:N0} rows  copy {t.CopyTime.TotalSeconds,6:0.00} s  {t.RowsPerSecond,9:N0} rows/s  checksum {t.SqliteChecksum[..16]} = {t.PostgresChecksum[..16]}");
        }

        output.WriteLine("  stages: " + string.Join(", ", stages.Seconds.Select(s => $"{s.Key} {s.Value:0.00} s")));
        foreach (string note in result.Notes) output.WriteLine("  note: " + note);
        Assert.True(result.IsVerified, string.Join(", ", result.Mismatches.Select(m => m.Name)));
        var rows = result.Tables.ToDictionary(t => t.Name, t => t.PostgresRows);
        Assert.Equal(5_000, rows["clients"]);
        Assert.Equal(50_000, rows["campaigns"]);
        Assert.Equal(100_000, rows["contents"]);
        Assert.Equal(100_000, rows["audio_generations"]);

        // The types the sample's entities declare: decimal(Scale = 2) numeric, DateTime and DateTimeOffset timestamptz.
        TableMigrationResult campaigns = result.Tables.Single(t => t.Name == "campaigns");
        Assert.Equal("numeric(19,2)", campaigns.Columns.Single(c => c.Name == "budget").PostgresType);
        Assert.Equal("timestamptz", campaigns.Columns.Single(c => c.Name == "created_at").PostgresType);
        Assert.Equal("timestamptz", result.Tables.Single(t => t.Name == "audio_generations").Columns.Single(c => c.Name == "requested_at").PostgresType);

        // The unique and secondary indexes came along, and PostgreSQL uses the identity after the copied ids.
        await using var pg = new NpgsqlConnection(target);
        await pg.OpenAsync();
        await using (var indexes = new NpgsqlCommand("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'campaigns'", pg))
        {
            string names = (string)(await indexes.ExecuteScalarAsync())!;
            output.WriteLine("campaigns indexes: " + names);
            Assert.Contains("idx_campaigns_client_id", names);
            Assert.Contains("ux_campaigns_slug", names);
        }

        await using var budget = new NpgsqlCommand("SELECT budget FROM campaigns WHERE id = 1234", pg);
        Assert.Equal(100m + 1234 % 1000, (decimal)(await budget.ExecuteScalarAsync())!);
        await using var insert = new NpgsqlCommand("INSERT INTO clients (name, email, created_at) VALUES ('n', 'new@example.com', now()) RETURNING id", pg);
        Assert.Equal(5_001L, await insert.ExecuteScalarAsync());
    }
}

/// <summary>Seconds spent in each stage, from the progress reports (called synchronously, in order).</summary>
internal sealed class StageClock : IProgress<MigrationProgress>
{
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private MigrationStage? _stage;
    private double _since;

    public Dictionary<MigrationStage, double> Seconds { get; } = new();

    public void Report(MigrationProgress value)
    {
        double now = _clock.Elapsed.TotalSeconds;
        if (_stage is { } stage) Seconds[stage] = Seconds.GetValueOrDefault(stage) + now - _since;
        _stage = value.Stage;
        _since = now;
    }
}
