using OmniSqlite.Tests.Postgres;
using System.Net;

namespace OmniSqlite.WebApi.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void A_relative_database_path_is_refused_in_Production_with_a_message_about_volumes()
    {
        using var factory = new ApiFactory("Production", new() { ["ConnectionStrings:OmniSqlite"] = "Data Source=data/app.db" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("'data/app.db' is relative", error.Message);
        Assert.Contains("volume", error.Message);
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "data")) && File.Exists(Path.Combine(AppContext.BaseDirectory, "data", "app.db")));
    }

    [Fact]
    public async Task An_absolute_path_is_accepted_in_Production()
    {
        using var factory = new ApiFactory("Production");
        using var client = factory.CreateClient();

        await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);

        Assert.Equal(1, factory.CountRows()["clients"]);
    }

    [Fact]
    public async Task The_load_test_baseline_uses_the_Default_profile_without_secondary_indexes()
    {
        using var factory = new ApiFactory(settings: new() { ["OmniSqlite:Profile"] = "Default", ["Database:SecondaryIndexes"] = "false" });
        using var client = factory.CreateClient();

        var info = await (await client.GetAsync("/db/info")).Expect(HttpStatusCode.OK);

        Assert.Equal("delete", info.Str("journalMode"), ignoreCase: true);
        var indexes = factory.IndexNames();
        Assert.DoesNotContain("idx_campaigns_client_id", indexes);
        Assert.DoesNotContain("idx_contents_campaign_id", indexes);
        Assert.Contains("ux_clients_email", indexes);           // unique constraints stay
        Assert.Contains("idx_audio_generations_task_id", indexes);
    }

    [Fact]
    public void The_Production_profile_creates_every_declared_index()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        Assert.Equal(
            ["idx_audio_generations_content_id", "idx_audio_generations_task_id", "idx_campaigns_client_id", "idx_campaigns_status_created_at",
             "idx_contents_campaign_id", "ux_campaigns_slug", "ux_clients_email"],
            factory.IndexNames());
    }

    [PostgresFact]
    public void On_PostgreSQL_the_schema_created_at_start_has_the_same_indexes()
    {
        using var factory = new ApiFactory(engine: Engine.PostgreSql);
        using var client = factory.CreateClient();

        Assert.Equal(
            ["idx_audio_generations_content_id", "idx_audio_generations_task_id", "idx_campaigns_client_id", "idx_campaigns_status_created_at",
             "idx_contents_campaign_id", "ux_campaigns_slug", "ux_clients_email"],
            factory.IndexNames());
    }

    [EngineTheory, BothEngines]
    public async Task The_demo_rows_are_seeded_at_start_on_either_engine(string engine)
    {
        using var factory = new ApiFactory(engine: engine, settings: new() { ["Database:Seed:Clients"] = "3" });
        using var client = factory.CreateClient();

        Assert.Equal(new Dictionary<string, long> { ["clients"] = 3, ["campaigns"] = 30, ["contents"] = 60, ["audio_generations"] = 60 }, factory.CountRows());
        var campaigns = await (await client.GetAsync("/clients/3/campaigns")).Expect(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Range(21, 10).Select(i => (long)i), campaigns.EnumerateArray().Select(c => c.Id()).Order());
        var byTask = await (await client.GetAsync("/audio-generations?taskId=seed-task-60")).Expect(HttpStatusCode.OK);
        Assert.Equal("Done", byTask.Str("state"));
    }

    [Fact]
    public void An_unknown_profile_name_fails_start_up_naming_the_choices()
    {
        using var factory = new ApiFactory(settings: new() { ["OmniSqlite:Profile"] = "Fast" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("'Fast'", error.Message);
        Assert.Contains("Production", error.Message);
    }
}
