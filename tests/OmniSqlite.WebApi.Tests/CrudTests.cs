using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Npgsql;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.WebApi.Tests;

public sealed class CrudTests
{
    [Fact]
    public async Task Health_and_db_info_report_the_database_file_in_its_temp_folder()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        var health = await (await client.GetAsync("/health")).Expect(HttpStatusCode.OK);
        Assert.Equal("Healthy", health.Str("status"));

        var info = await (await client.GetAsync("/db/info")).Expect(HttpStatusCode.OK);
        Assert.Equal(factory.DatabasePath, info.Str("dataSource"));
        Assert.Equal("wal", info.Str("journalMode"), ignoreCase: true);
        Assert.True(File.Exists(factory.DatabasePath));
    }

    [PostgresFact]
    public async Task On_PostgreSQL_health_reports_the_server_and_the_SQLite_only_endpoints_answer_501()
    {
        using var factory = new ApiFactory(engine: Engine.PostgreSql);
        using var client = factory.CreateClient();

        var health = await (await client.GetAsync("/health")).Expect(HttpStatusCode.OK);
        Assert.Equal("Healthy", health.Str("status"));
        var check = health.GetProperty("checks").GetProperty("postgresql");
        Assert.Equal(new NpgsqlConnectionStringBuilder(factory.PostgresConnectionString).Database, check.GetProperty("data").Str("database"));
        Assert.StartsWith("PostgreSQL", check.Str("description"));

        foreach (var url in new[] { "/db/info", "/db/backups" })
        {
            var problem = await (await client.GetAsync(url)).ExpectProblem(HttpStatusCode.NotImplemented);
            Assert.Equal($"Not available on PostgreSQL: {url}.", problem.Str("title"));
        }
    }

    [EngineTheory, BothEngines]
    public async Task Clients_are_created_read_updated_and_deleted(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();

        var created = await client.PostJson("/clients", new { name = "Acme Radio", email = "ops@acme.example" });
        var acme = await created.Expect(HttpStatusCode.Created);
        Assert.Equal($"/clients/{acme.Id()}", created.Headers.Location?.ToString());
        Assert.Equal("Acme Radio", acme.Str("name"));

        var read = await (await client.GetAsync($"/clients/{acme.Id()}")).Expect(HttpStatusCode.OK);
        Assert.Equal("ops@acme.example", read.Str("email"));

        await (await client.PutAsJsonAsync($"/clients/{acme.Id()}", new { name = "Acme FM", email = "radio@acme.example" })).Expect(HttpStatusCode.OK);
        var updated = await (await client.GetAsync($"/clients/{acme.Id()}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Acme FM", updated.Str("name"));
        Assert.Equal("radio@acme.example", updated.Str("email"));
        Assert.Equal(1, factory.CountRows()["clients"]);

        await (await client.DeleteAsync($"/clients/{acme.Id()}")).Expect(HttpStatusCode.NoContent);
        var gone = await (await client.GetAsync($"/clients/{acme.Id()}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains($"id {acme.Id()}", gone.Str("detail"));
        Assert.Equal(0, factory.CountRows()["clients"]);
    }

    [EngineTheory, BothEngines]
    public async Task Campaigns_contents_and_audio_generations_work_through_http(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();

        var acme = await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);
        var campaign = await (await client.PostJson("/campaigns", new { clientId = acme.Id(), name = "Spring", status = "Active", budget = 250.5m, slug = "spring" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("Active", campaign.Str("status"));
        Assert.Equal(250.5m, campaign.GetProperty("budget").GetDecimal());

        var listed = await (await client.GetAsync($"/clients/{acme.Id()}/campaigns")).Expect(HttpStatusCode.OK);
        Assert.Equal(campaign.Id(), Assert.Single(listed.EnumerateArray()).Id());

        await (await client.PutAsJsonAsync($"/campaigns/{campaign.Id()}/status", new { status = "Paused" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Paused", (await (await client.GetAsync($"/campaigns/{campaign.Id()}")).Expect(HttpStatusCode.OK)).Str("status"));

        var content = await (await client.PostJson($"/campaigns/{campaign.Id()}/contents", new { title = "Intro", body = "Welcome to the spring sale" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(5, content.GetProperty("wordCount").GetInt32());
        var contents = await (await client.GetAsync($"/campaigns/{campaign.Id()}/contents")).Expect(HttpStatusCode.OK);
        Assert.Equal(content.Id(), Assert.Single(contents.EnumerateArray()).Id());
        await (await client.PutAsJsonAsync($"/contents/{content.Id()}", new { title = "Intro v2", body = "Spring sale" })).Expect(HttpStatusCode.OK);
        Assert.Equal("Intro v2", (await (await client.GetAsync($"/contents/{content.Id()}")).Expect(HttpStatusCode.OK)).Str("title"));

        var generation = await (await client.PostJson($"/contents/{content.Id()}/audio-generations", new { taskId = "tts-1", voice = "nova" }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("Queued", generation.Str("state"));
        var generationId = generation.Str("id");
        var byTask = await (await client.GetAsync("/audio-generations?taskId=tts-1")).Expect(HttpStatusCode.OK);
        Assert.Equal(generationId, byTask.Str("id"));
        var done = await (await client.PutAsJsonAsync($"/audio-generations/{generationId}", new { state = "Done", durationSeconds = 31.5 }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.String, done.GetProperty("completedAt").ValueKind);
        var forContent = await (await client.GetAsync($"/contents/{content.Id()}/audio-generations")).Expect(HttpStatusCode.OK);
        Assert.Equal(31.5, Assert.Single(forContent.EnumerateArray()).GetProperty("durationSeconds").GetDouble());

        // Deleting a content takes its audio generations with it, in the same transaction.
        await (await client.DeleteAsync($"/contents/{content.Id()}")).Expect(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/audio-generations/{generationId}")).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/campaigns/{campaign.Id()}")).Expect(HttpStatusCode.NoContent);
        Assert.All(factory.CountRows(), pair => Assert.True(pair.Key == "clients" ? pair.Value == 1 : pair.Value == 0, $"{pair.Key}: {pair.Value}"));
    }

    [EngineTheory, BothEngines]
    public async Task A_batch_of_campaigns_is_inserted_in_one_transaction(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        var acme = await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);

        var batch = Enumerable.Range(1, 50).Select(i => new { clientId = acme.Id(), name = $"C{i}", slug = $"c-{i}" }).ToArray();
        var created = await (await client.PostJson("/campaigns/batch", batch)).Expect(HttpStatusCode.Created);

        Assert.Equal(50, created.GetArrayLength());
        Assert.Equal(50, factory.CountRows()["campaigns"]);
    }
}
