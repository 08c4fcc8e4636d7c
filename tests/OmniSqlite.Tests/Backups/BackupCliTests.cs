using OmniSqlite.Cli;
using Xunit;

namespace OmniSqlite.Tests.Backups;

public sealed class BackupCliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args) => await RunWith(false, default, args);

    private static async Task<(int Code, string Output, string Error)> RunWith(bool interactive, CancellationToken ct, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error, interactive, ct);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Backup_list_verify_prune_restore_and_info_work_end_to_end()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 300);
        string dir = _temp.File("backups");

        var first = await RunWith(interactive: true, default, "backup", db, "--dir", dir);
        Assert.True(first.Code == ExitCodes.Success, first.Error);
        Assert.Contains("Copying", first.Error); // the progress bar, drawn on stderr
        Assert.Contains("100.0%", first.Error);
        string firstPath = first.Output.Split('\n')[0].Trim();
        Assert.True(File.Exists(firstPath));

        var second = await Run("backup", db, "-d", dir, "--method", "vacuum", "--json", "--keep", "1");
        Assert.Equal(ExitCodes.Success, second.Code);
        Assert.Contains("\"method\": \"VacuumInto\"", second.Output);
        Assert.Contains(firstPath, second.Output); // pruned by --keep 1

        var list = await Run("list", "app", "--dir", dir);
        Assert.Equal(ExitCodes.Success, list.Code);
        Assert.Single(list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("verified", list.Output);

        var verify = await Run("verify", db, "--dir", dir, "--all");
        Assert.Equal(ExitCodes.Success, verify.Code);
        Assert.StartsWith("ok", verify.Output);

        (long Rows, long Sum) before = Ledger.Totals(db);
        using (var connection = Ledger.Open(db))
        {
            Ledger.TransferCommitted(connection, 5);
        }

        var restore = await Run("restore", db, "--dir", dir, "--force");
        Assert.True(restore.Code == ExitCodes.Success, restore.Error);
        Assert.Equal(before, Ledger.Totals(db));

        var info = await Run("info", db, "--json");
        Assert.Equal(ExitCodes.Success, info.Code);
        Assert.Contains("\"pageSize\": 4096", info.Output);

        var prune = await Run("prune", db, "--dir", dir, "--keep", "0", "--dry-run");
        Assert.Equal(ExitCodes.Success, prune.Code);
        Assert.Contains("0 would be deleted, 1 kept", prune.Output);
    }

    [Fact]
    public async Task Exit_codes_tell_scripts_what_happened()
    {
        string db = Ledger.Create(_temp.File("app.db"), transfers: 20);
        string dir = _temp.File("backups");
        string bad = _temp.File("bad.db.gz");
        File.WriteAllText(bad, "not a backup");

        Assert.Equal(ExitCodes.Usage, (await Run("backup", db)).Code); // --dir missing
        Assert.Equal(ExitCodes.Usage, (await Run("backup", db, "--dir", dir, "--method", "tape")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("prune", db, "--dir", dir, "--max-age", "soon")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("backup", db, "--dir", dir, "--keep", "-2")).Code);
        Assert.Equal(ExitCodes.NotFound, (await Run("backup", _temp.File("missing.db"), "--dir", dir)).Code);
        Assert.Equal(ExitCodes.NotFound, (await Run("restore", db, "--dir", dir, "--force")).Code); // no backups yet
        Assert.Equal(ExitCodes.VerificationFailed, (await Run("verify", bad)).Code);

        string?[] before = Files.SnapshotDatabase(db);
        var refusedBad = await Run("restore", db, "--from", bad, "--force");
        Assert.Equal(ExitCodes.VerificationFailed, refusedBad.Code);
        Assert.Contains("not a SQLite database", refusedBad.Error);
        Assert.Equal(ExitCodes.Success, (await Run("backup", db, "--dir", dir)).Code);
        Assert.Equal(ExitCodes.Refused, (await Run("restore", db, "--dir", dir)).Code); // exists, no --force
        Assert.Equal(before, Files.SnapshotDatabase(db));

        var cancelled = await RunWith(false, new CancellationToken(canceled: true), "backup", db, "--dir", dir);
        Assert.Equal(ExitCodes.Cancelled, cancelled.Code);
        Assert.Single(new SqliteBackups(new BackupOptions { Directory = dir }).List());
    }

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1.00:00:00", 24 * 60)]
    public void Max_age_accepts_short_units_and_TimeSpans(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), OmniSqlite.Cli.Commands.CommonOptions.ParseAge(text));
    }
}
