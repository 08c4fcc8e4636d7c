using System.Text.Json;
using OmniSqlite.Cli;
using OmniSqlite.Tests.Backups;

namespace OmniSqlite.Tests.Replication;

/// <summary>omnisqlite replicate / replicas list / restore --from-replica [--at], in process, on real files.</summary>
public sealed class ReplicationCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Code, string Output, string Error)> Run(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, TextWriter.Synchronized(output), TextWriter.Synchronized(error), cancellationToken: cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => Run(CancellationToken.None, args);

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "never happened: " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Replicate_until_stopped_then_list_and_restore_the_latest_state()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        string replica = _temp.File("replica");
        using var stop = new CancellationTokenSource();
        Task<(int Code, string Output, string Error)> running = Run(stop.Token, "replicate", db, "--to", replica, "--interval", "100ms", "--json");
        await Until(() => Directory.Exists(Path.Combine(replica, "generations")) && Directory.GetFiles(replica, "generation.meta", SearchOption.AllDirectories).Length == 1, "the first generation");
        using (var writer = Ledger.Open(db))
        {
            for (int i = 0; i < 5; i++) Ledger.TransferCommitted(writer, i);
        }

        await Until(() => ReplicaFiles.Segments(replica).Length > 0, "a shipped segment");
        stop.Cancel();
        var replicated = await running;
        Assert.True(replicated.Code == ExitCodes.Success, replicated.Error);
        Assert.Contains("segments shipped", replicated.Error);
        using (var first = JsonDocument.Parse(replicated.Output.Split('\n')[0]))
        {
            Assert.StartsWith("first run", first.RootElement.GetProperty("newGenerationReason").GetString());
        }

        var list = await Run("replicas", "list", replica, "--json");
        Assert.Equal(ExitCodes.Success, list.Code);
        using (var json = JsonDocument.Parse(list.Output))
        {
            JsonElement generation = Assert.Single(json.RootElement.EnumerateArray());
            Assert.True(generation.GetProperty("isComplete").GetBoolean());
            Assert.True(generation.GetProperty("segments").GetInt32() >= 1);
            Assert.Equal("app", generation.GetProperty("database").GetString());
        }

        var text = await Run("replicas", "list", replica);
        Assert.Contains("segments", text.Output);

        string target = _temp.File("restored.db");
        var restored = await Run("restore", "--from-replica", replica, target);
        Assert.True(restored.Code == ExitCodes.Success, restored.Error);
        Assert.Contains("integrity_check ok", restored.Output);
        Assert.Equal(LedgerState.Of(db), LedgerState.Of(target));

        var again = await Run("restore", "--from-replica", replica, target, "--json");
        Assert.Equal(ExitCodes.Refused, again.Code);
        Assert.Contains("--force", again.Error);

        var early = await Run("restore", "--from-replica", replica, "--at", "2001-01-01T00:00:00Z", _temp.File("early.db"));
        Assert.Equal(ExitCodes.Refused, early.Code);
        Assert.Contains("cannot restore 2001-01-01 00:00:00.000Z", early.Error);
        Assert.False(File.Exists(_temp.File("early.db")));
    }

    [Fact]
    public async Task A_damaged_replica_restores_what_it_can_and_says_what_was_lost_with_exit_code_3()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        string replica = _temp.File("replica");
        using (var writer = Ledger.Open(db))
        using (var replicator = new SqliteReplicator(new ReplicationOptions { Database = db, Directory = replica }))
        {
            replicator.Ship();
            for (int i = 0; i < 3; i++)
            {
                Ledger.TransferCommitted(writer, i);
                replicator.Ship();
            }
        }

        string last = ReplicaFiles.Segments(replica)[^1];
        using (var stream = new FileStream(last, FileMode.Open)) stream.SetLength(stream.Length - 10);
        var restored = await Run("restore", "--from-replica", replica, _temp.File("restored.db"), "--json");
        Assert.Equal(ExitCodes.VerificationFailed, restored.Code);
        Assert.Contains("warning: the replica is damaged", restored.Error);
        using var json = JsonDocument.Parse(restored.Output);
        Assert.False(json.RootElement.GetProperty("isComplete").GetBoolean());
        Assert.Equal(1, json.RootElement.GetProperty("segmentsLost").GetInt32());
    }

    [Fact]
    public async Task Wrong_replication_arguments_are_refused_with_what_to_do()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 1);
        var atWithoutReplica = await Run("restore", "--from", db, "--at", "2026-01-01T00:00:00Z", _temp.File("x.db"));
        Assert.Equal(ExitCodes.Usage, atWithoutReplica.Code);
        Assert.Contains("--at needs --from-replica", atWithoutReplica.Error);

        var two = await Run("restore", "--from", db, "--from-replica", _temp.Path, _temp.File("x.db"));
        Assert.Equal(ExitCodes.Usage, two.Code);

        var badTime = await Run("restore", "--from-replica", _temp.Path, "--at", "yesterday", _temp.File("x.db"));
        Assert.Equal(ExitCodes.Usage, badTime.Code);
        Assert.Contains("is not a date and time", badTime.Error);

        var missing = await Run("replicas", "list", _temp.File("nope"));
        Assert.Equal(ExitCodes.NotFound, missing.Code);

        var badInterval = await Run("replicate", db, "--to", _temp.File("replica"), "--interval", "soon");
        Assert.Equal(ExitCodes.Usage, badInterval.Code);
        Assert.Contains("--interval 'soon' is not a duration", badInterval.Error);

        var tooFast = await Run("replicate", db, "--to", _temp.File("replica"), "--interval", "1ms");
        Assert.Equal(ExitCodes.Usage, tooFast.Code);
        Assert.Contains("ReplicationOptions.ShipInterval", tooFast.Error);
        Assert.False(Directory.Exists(_temp.File("replica")));
    }
}
