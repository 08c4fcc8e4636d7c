using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace OmniSqlite.WebApi.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task A_request_makes_one_span_per_repository_call_on_the_request_database()
    {
        using var factory = new ApiFactory();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "OmniSqlite",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (Equals(a.GetTagItem("db.namespace"), factory.DatabasePath)) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var client = factory.CreateClient();
        var created = await (await client.PostJson("/clients", new { name = "Acme", email = "a@acme.example" })).Expect(HttpStatusCode.Created);
        spans.Clear();

        await (await client.GetAsync($"/clients/{created.Id()}")).Expect(HttpStatusCode.OK);

        var span = Assert.Single(spans);
        Assert.Equal("SELECT clients", span.DisplayName);
        Assert.Equal("sqlite", span.GetTagItem("db.system.name"));
        Assert.Equal("clients", span.GetTagItem("db.collection.name"));
        Assert.StartsWith("SELECT", (string)span.GetTagItem("db.query.text")!);
    }

    [Fact]
    public void Telemetry_Exporter_in_configuration_turns_on_the_OpenTelemetry_SDK_and_a_wrong_value_fails_start()
    {
        using (var off = new ApiFactory())
        {
            using var client = off.CreateClient();
            Assert.Null(off.Services.GetService<TracerProvider>());
        }
        using (var console = new ApiFactory(settings: new() { ["Telemetry:Exporter"] = "console" }))
        {
            using var client = console.CreateClient();
            Assert.NotNull(console.Services.GetService<TracerProvider>());
        }
        using var wrong = new ApiFactory(settings: new() { ["Telemetry:Exporter"] = "zipkin" });
        var error = Assert.ThrowsAny<Exception>(() => wrong.CreateClient());
        Assert.Contains("Telemetry:Exporter is 'zipkin'; use none, console or otlp", error.Message);
    }
}
