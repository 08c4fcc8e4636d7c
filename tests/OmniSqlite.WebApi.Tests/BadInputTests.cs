using System.Net.Http.Json;
using System.Net;

namespace OmniSqlite.WebApi.Tests;

/// <summary>Bad input: 400 (or 404/409) with a problem-details body, and the database unchanged; the same answers on both engines.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string, string, string> BadRequests()
    {
        var rows = new TheoryData<string, string, string, string>();
        foreach (var engine in new[] { Engine.Sqlite, Engine.PostgreSql })
            foreach (var (url, body, named) in Cases) rows.Add(engine, url, body, named);
        return rows;
    }

    private static readonly (string Url, string Body, string Named)[] Cases =
    [
        // url, body, a field or phrase the answer must name
        ("/clients", "{\"name\":", "JSON"),
        ("/clients", "", "no body"),
        ("/clients", "[1,2]", "ClientRequest"),
        ("/clients", "{\"name\":\"\",\"email\":\"x@y.example\"}", "name"),
        ("/clients", "{\"name\":\"Acme\",\"email\":\"not-an-address\"}", "email"),
        ("/campaigns", "{\"clientId\":1,\"name\":\"Spring\",\"status\":\"Bogus\"}", "$.status"),
        ("/campaigns", "{\"clientId\":1,\"name\":\"Spring\",\"budget\":-5}", "budget"),
        ("/campaigns", "{\"clientId\":999,\"name\":\"Spring\"}", "clientId"),
        ("/campaigns", "{\"clientId\":\"one\",\"name\":\"Spring\"}", "$.clientId"),
        ("/campaigns/1/contents", "{\"title\":\"Intro\"}", "body"),
    ];

    [EngineTheory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_answered_400_with_problem_details_and_writes_nothing(string engine, string url, string body, string named)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        await Seed(client);
        var before = factory.CountRows();

        var problem = await (await client.PostRaw(url, body)).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.Contains(named, problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, factory.CountRows());
    }

    [EngineTheory, BothEngines]
    public async Task A_wrong_content_type_is_answered_415_with_problem_details(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();

        await (await client.PostRaw("/clients", "name=Acme", "application/x-www-form-urlencoded")).ExpectProblem(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal(0, factory.CountRows()["clients"]);
    }

    [EngineTheory, BothEngines]
    public async Task A_duplicate_email_is_a_409_and_the_first_client_stays_as_it_was(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        await (await client.PostJson("/clients", new { name = "Acme", email = "ops@acme.example" })).Expect(HttpStatusCode.Created);

        var problem = await (await client.PostJson("/clients", new { name = "Impostor", email = "ops@acme.example" })).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Contains("clients.email", problem.Str("detail"));
        Assert.Equal(1, factory.CountRows()["clients"]);
        var first = await (await client.GetAsync("/clients/1")).Expect(HttpStatusCode.OK);
        Assert.Equal("Acme", first.Str("name"));
    }

    [EngineTheory, BothEngines]
    public async Task A_batch_that_fails_in_the_middle_leaves_no_rows_behind(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        var acme = await Seed(client);
        var before = factory.CountRows();

        // Items 0-2 insert, item 3 repeats item 1's slug: the UNIQUE constraint fails after rows were written in the transaction.
        var batch = new[] { "a", "b", "c", "b", "d" }.Select(slug => new { clientId = acme, name = "C " + slug, slug }).ToArray();
        var problem = await (await client.PostJson("/campaigns/batch", batch)).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Contains("campaigns.slug", problem.Str("detail"));
        Assert.Equal(before, factory.CountRows());
    }

    [EngineTheory, BothEngines]
    public async Task A_batch_with_one_invalid_item_names_it_and_writes_nothing(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        var acme = await Seed(client);
        var before = factory.CountRows();

        var batch = new object[] { new { clientId = acme, name = "Fine" }, new { clientId = acme, name = "" }, new { clientId = 404, name = "Orphan" } };
        var problem = await (await client.PostJson("/campaigns/batch", batch)).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("[1].name", out _), problem.ToString());
        Assert.Equal(before, factory.CountRows());
    }

    [EngineTheory, BothEngines]
    public async Task A_batch_answered_400_after_some_rows_were_inserted_rolls_them_back(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        var acme = await Seed(client);
        var before = factory.CountRows();

        // Items 0 and 1 are inserted in the transaction before item 2's client turns out not to exist.
        var batch = new[] { acme, acme, 404, acme }.Select((clientId, i) => new { clientId, name = $"C{i}", slug = $"s-{i}" }).ToArray();
        var problem = await (await client.PostJson("/campaigns/batch", batch)).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("[2].clientId", out _), problem.ToString());
        Assert.Equal(before, factory.CountRows());
    }

    [EngineTheory, BothEngines]
    public async Task Deleting_a_client_that_has_campaigns_is_refused_and_deletes_nothing(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();
        var acme = await Seed(client);
        var before = factory.CountRows();

        var problem = await (await client.DeleteAsync($"/clients/{acme}")).ExpectProblem(HttpStatusCode.Conflict);

        Assert.Contains("campaign", problem.Str("detail"));
        Assert.Equal(before, factory.CountRows());
    }

    [EngineTheory, BothEngines]
    public async Task Unknown_ids_are_404_with_problem_details_and_a_missing_task_id_is_400(string engine)
    {
        using var factory = new ApiFactory(engine: engine);
        using var client = factory.CreateClient();

        await (await client.GetAsync("/campaigns/42")).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync("/contents/42", new { title = "t", body = "b" })).ExpectProblem(HttpStatusCode.NotFound);
        await (await client.PostJson("/contents/42/audio-generations", new { taskId = "t-1" })).ExpectProblem(HttpStatusCode.NotFound);
        var problem = await (await client.GetAsync("/audio-generations")).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("taskId", out _));
        Assert.All(factory.CountRows(), pair => Assert.Equal(0, pair.Value));
    }

    /// <summary>One client with one campaign (id 1) and one content; returns the client id.</summary>
    private static async Task<long> Seed(HttpClient client)
    {
        var acme = await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);
        var campaign = await (await client.PostJson("/campaigns", new { clientId = acme.Id(), name = "Spring", slug = "spring" })).Expect(HttpStatusCode.Created);
        await (await client.PostJson($"/campaigns/{campaign.Id()}/contents", new { title = "Intro", body = "Hello" })).Expect(HttpStatusCode.Created);
        return acme.Id();
    }
}
