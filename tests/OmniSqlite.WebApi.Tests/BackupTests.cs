using System.Net;
using System.Text.Json;

namespace OmniSqlite.WebApi.Tests;

public sealed class BackupTests
{
    [Fact]
    public async Task Scheduled_backups_write_a_verified_backup_of_the_live_database()
    {
        using var factory = new ApiFactory(settings: new()
        {
            ["OmniSqlite:Backups:RunOnStart"] = "true",
            ["OmniSqlite:Backups:Schedule"] = "0 3 * * *",
            ["OmniSqlite:Backups:Keep"] = "3",
        });
        factory.UseBackupDirectory();
        using var client = factory.CreateClient();
        await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);

        // RunOnStart: the first backup is taken as the host starts; wait for it without asserting on time.
        JsonElement status = default;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            status = await (await client.GetAsync("/db/backups")).Expect(HttpStatusCode.OK);
            if (status.GetProperty("succeeded").GetInt32() + status.GetProperty("failed").GetInt32() > 0) break;
            await Task.Delay(50);
        }

        Assert.Equal(1, status.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, status.GetProperty("failed").GetInt32());
        var backup = Assert.Single(status.GetProperty("backups").EnumerateArray());
        Assert.True(backup.GetProperty("verified").GetBoolean());
        Assert.StartsWith(factory.BackupDirectory, backup.Str("path"));
        Assert.True(File.Exists(backup.Str("path")));
    }

    [Fact]
    public async Task Backups_are_off_unless_a_directory_is_set()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        var problem = await (await client.GetAsync("/db/backups")).ExpectProblem(HttpStatusCode.NotFound);

        Assert.Contains("OmniSqlite:Backups:Directory", problem.Str("detail"));
    }

    [Fact]
    public void A_relative_backup_directory_is_refused_in_Production()
    {
        using var factory = new ApiFactory("Production", new() { ["OmniSqlite:Backups:Directory"] = "backups" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("backup directory 'backups' is relative", error.Message);
        Assert.Contains("OmniSqlite:Backups:Directory", error.Message);
    }
}
