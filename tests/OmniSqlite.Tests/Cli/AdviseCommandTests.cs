using System.Text.Json;
using Microsoft.Data.Sqlite;
using OmniSqlite.Cli;
using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Cli;

/// <summary>
/// <c>omnisqlite advise</c> on real files of each kind: a small plain database (nothing crossed, the rest unknown with how
/// to find out), the owner's figures crossing the user, concurrency, write and server thresholds, a lowered size
/// threshold, a WAL with frames not yet checkpointed, a view with many joins, and a slow-query log.
/// </summary>
public sealed class AdviseCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Create(string name, string sql)
    {
        string path = _temp.File(name);
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return path;
    }

    private static Dictionary<string, JsonElement> Thresholds(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("thresholds").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.Clone());
    }

    private static string State(Dictionary<string, JsonElement> t, string id) => t[id].GetProperty("state").GetString()!;

    [Fact]
    public async Task A_small_database_crosses_nothing_and_says_how_to_know_the_rest()
    {
        string db = Create("small.db", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('a'), ('b');");
        var run = await Run("advise", db, "--json");
        Assert.True(run.Code == ExitCodes.Success, run.Error);
        var t = Thresholds(run.Output);
        Assert.Equal(new[] { "mau", "concurrency", "writes", "servers", "size", "queries" }, t.Keys);
        Assert.Equal("notCrossed", State(t, "size"));
        Assert.Equal("unknown", State(t, "mau"));
        Assert.Contains("--mau N", t["mau"].GetProperty("advice").GetString());
        Assert.Contains("Not measurable from the file", t["writes"].GetProperty("finding").GetString());
        Assert.Contains("--write-percent", t["writes"].GetProperty("advice").GetString());
        Assert.Contains("--concurrent-users", t["concurrency"].GetProperty("advice").GetString());
        Assert.Contains("--servers N", t["servers"].GetProperty("advice").GetString());
        Assert.Equal("unknown", State(t, "queries"));
        Assert.Contains("--log", t["queries"].GetProperty("advice").GetString());

        var text = await Run("advise", db);
        Assert.Contains("ok       more than 10 GB:", text.Output);
        Assert.Contains("Stay on SQLite: no threshold crossed (5 unknown", text.Output);
    }

    [Fact]
    public async Task Given_figures_and_a_lowered_size_threshold_cross_and_say_what_to_do()
    {
        string db = Create("busy.db", "CREATE TABLE events (id INTEGER PRIMARY KEY, payload BLOB); INSERT INTO events (payload) VALUES (randomblob(20000));");
        var run = await Run("advise", db, "--json", "--mau", "25000", "--concurrent-users", "40", "--write-percent", "45", "--servers", "3", "--size-threshold", "10KB");
        Assert.True(run.Code == ExitCodes.Success, run.Error);
        var t = Thresholds(run.Output);
        Assert.Equal("crossed", State(t, "mau"));
        Assert.Equal("notCrossed", State(t, "concurrency"));
        Assert.Equal("crossed", State(t, "writes"));
        Assert.Equal("crossed", State(t, "servers"));
        Assert.Equal("crossed", State(t, "size"));
        Assert.Equal("more than 10 KB", t["size"].GetProperty("threshold").GetString());
        Assert.Contains("omnisqlite migrate-to-postgres", t["mau"].GetProperty("advice").GetString());
        Assert.Contains("InsertMany", t["writes"].GetProperty("advice").GetString());

        var text = await Run("advise", db, "--mau", "25000", "--size-threshold", "10KB");
        Assert.Contains("CROSSED  more than 10,000 monthly active users: 25,000 monthly active users (given).", text.Output);
        Assert.Contains("2 threshold(s) crossed", text.Output);

        var bad = await Run("advise", db, "--size-threshold", "ten gigs");
        Assert.Equal(ExitCodes.Usage, bad.Code);
        Assert.Contains("is not a size", bad.Error);
        Assert.Equal(ExitCodes.Usage, (await Run("advise", db, "--write-percent", "130")).Code);
    }

    [Fact]
    public async Task A_wal_with_frames_not_checkpointed_is_reported()
    {
        string db = _temp.File("wal.db");
        using var writer = new SqliteConnection($"Data Source={db};Pooling=False");
        writer.Open();
        using (var command = writer.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE t (x BLOB); INSERT INTO t VALUES (randomblob(100000));";
            command.ExecuteNonQuery();
        }

        var run = await Run("advise", db, "--json");
        Assert.True(run.Code == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal("wal", document.RootElement.GetProperty("journalMode").GetString());
        long frames = document.RootElement.GetProperty("walFrames").GetInt64();
        Assert.True(frames >= 25, $"{frames} WAL frames");
        Assert.Contains($"{frames} frames not yet checkpointed", Thresholds(run.Output)["size"].GetProperty("finding").GetString());
    }

    [Fact]
    public async Task Views_with_many_joins_and_complex_slow_statements_are_complex_queries()
    {
        string db = Create("report.db", """
            CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER);
            CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER); CREATE TABLE d (id INTEGER PRIMARY KEY, c_id INTEGER);
            CREATE VIEW simple AS SELECT * FROM a JOIN b ON b.a_id = a.id;
            CREATE VIEW report AS SELECT a.id FROM a JOIN b ON b.a_id = a.id JOIN c ON c.b_id = b.id JOIN d ON d.c_id = c.id;
            """);
        var viewOnly = Thresholds((await Run("advise", db, "--json")).Output);
        Assert.Equal("crossed", State(viewOnly, "queries"));
        Assert.Contains("view report (3 joins)", viewOnly["queries"].GetProperty("finding").GetString());
        Assert.DoesNotContain("view simple", viewOnly["queries"].GetProperty("finding").GetString());

        string plain = Create("plain.db", "CREATE TABLE a (id INTEGER PRIMARY KEY);");
        string log = _temp.File("app.log");
        File.WriteAllLines(log, new[]
        {
            "warn: OmniSqlite[5203] Slow SQLite statement on /srv/app.db: 812.4 ms (threshold 100 ms): SELECT id, rank() OVER (ORDER BY id) FROM a",
            "warn: OmniSqlite[5203] Slow SQLite statement on /srv/app.db: 150 ms (threshold 100 ms): UPDATE a SET id = id WHERE id = 1",
            "info: something else entirely",
        });
        var withLog = Thresholds((await Run("advise", plain, "--json", "--log", log)).Output);
        Assert.Equal("crossed", State(withLog, "queries"));
        Assert.Contains("a window function, up to 812 ms", withLog["queries"].GetProperty("finding").GetString());
        Assert.Contains("Of the 2 slow statements in the log, 1 (50%) are writes", withLog["writes"].GetProperty("finding").GetString());

        File.WriteAllLines(log, new[] { "warn: OmniSqlite[5203] Slow SQLite statement on /srv/app.db: 150 ms (threshold 100 ms): SELECT * FROM a WHERE id = 1" });
        Assert.Equal("notCrossed", State(Thresholds((await Run("advise", plain, "--json", "--log", log)).Output), "queries"));

        var missing = await Run("advise", plain, "--log", _temp.File("nope.log"));
        Assert.Equal(ExitCodes.NotFound, missing.Code);
    }
}
