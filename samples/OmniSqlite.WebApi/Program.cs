using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniSqlite;
using OmniSqlite.Hosting;
using OmniSqlite.PostgreSql.Hosting;
using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Domain;
using OmniSqlite.WebApi.Endpoints;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddInMemoryCollection(DatabaseOptions.Shorthands(builder.Configuration));

// The engine: Database:Engine is sqlite (the default) or postgresql; the endpoints take the generated repository interfaces
// (IClientRepository, ...) and IUnitOfWork, so the same code runs on either (docs/postgresql.md, "A web app on both engines").
var engine = DatabaseOptions.ReadEngine(builder.Configuration);
builder.Services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section));
if (engine == DatabaseOptions.Sqlite)
{
    // Connections: ConnectionStrings:OmniSqlite and the OmniSqlite section (profile, PRAGMAs, backups), validated at start.
    // Every request that asks for a SqliteConnection (or a repository) gets one pooled connection, disposed with the request.
    var secondaryIndexes = builder.Configuration.GetValue($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.SecondaryIndexes)}", true);
    builder.Services.AddOmniSqlite(builder.Configuration, o => o.InitializeSchema = connection => SampleData.CreateSchema(connection, secondaryIndexes));
    builder.Services.AddScoped<ClientRepository>();
    builder.Services.AddScoped<CampaignRepository>();
    builder.Services.AddScoped<ContentRepository>();
    builder.Services.AddScoped<AudioGenerationRepository>();
    builder.Services.AddScoped<IClientRepository>(sp => sp.GetRequiredService<ClientRepository>());
    builder.Services.AddScoped<ICampaignRepository>(sp => sp.GetRequiredService<CampaignRepository>());
    builder.Services.AddScoped<IContentRepository>(sp => sp.GetRequiredService<ContentRepository>());
    builder.Services.AddScoped<IAudioGenerationRepository>(sp => sp.GetRequiredService<AudioGenerationRepository>());
    builder.Services.AddScoped<IUnitOfWork>(sp => new SqliteUnitOfWork(sp.GetRequiredService<SqliteConnection>()));
    builder.Services.AddHostedService<SampleData.Seeder>();   // after AddOmniSqlite: runs once the schema exists
    builder.Services.AddHealthChecks().AddOmniSqlite();
}
else
{
    // ConnectionStrings:PostgreSql: one NpgsqlDataSource, a scoped open NpgsqlConnection per request, the tables created at start.
    builder.Services.AddOmniSqlitePostgreSql(builder.Configuration, o => o.EnsureCreated(OmniSqliteSchema.PostgreSqlTables));
    builder.Services.AddScoped<IClientRepository>(sp => new ClientPostgreSqlRepository(sp.GetRequiredService<NpgsqlConnection>()));
    builder.Services.AddScoped<ICampaignRepository>(sp => new CampaignPostgreSqlRepository(sp.GetRequiredService<NpgsqlConnection>()));
    builder.Services.AddScoped<IContentRepository>(sp => new ContentPostgreSqlRepository(sp.GetRequiredService<NpgsqlConnection>()));
    builder.Services.AddScoped<IAudioGenerationRepository>(sp => new AudioGenerationPostgreSqlRepository(sp.GetRequiredService<NpgsqlConnection>()));
    builder.Services.AddScoped<IUnitOfWork>(sp => new PostgreSqlUnitOfWork(sp.GetRequiredService<NpgsqlConnection>()));
    builder.Services.AddHostedService<SampleData.PostgreSqlSeeder>();
    builder.Services.AddHealthChecks().AddOmniSqlitePostgreSql();
}

// Traces and metrics of the "OmniSqlite" source and meter through the OpenTelemetry SDK: Telemetry:Exporter is none, console or otlp.
var exporter = builder.Configuration["Telemetry:Exporter"]?.Trim().ToLowerInvariant() ?? "none";
if (exporter is not ("none" or "console" or "otlp"))
    throw new InvalidOperationException($"Telemetry:Exporter is '{exporter}'; use none, console or otlp (with Telemetry:OtlpEndpoint, default http://localhost:4317).");
if (exporter != "none")
{
    var endpoint = new Uri(builder.Configuration["Telemetry:OtlpEndpoint"] ?? "http://localhost:4317");
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(resource => resource.AddService("omnisqlite-webapi"))
        .WithTracing(tracing =>
        {
            tracing.AddSource(OmniSqliteTelemetry.Name);
            if (exporter == "console") tracing.AddConsoleExporter(); else tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
        })
        .WithMetrics(metrics =>
        {
            metrics.AddMeter(OmniSqliteTelemetry.Name);
            if (exporter == "console") metrics.AddConsoleExporter(); else metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
        });
}

// Bad input is answered 400 with a problem-details body that says what was wrong (in every environment).
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
{
    if (context.Exception is BadHttpRequestException bad)
    {
        context.ProblemDetails.Title = "The request is not valid. Nothing was written.";
        context.ProblemDetails.Detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message;
    }
});
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();

// Bad settings fail here, before the server listens, with the options' own messages (ValidateOnStart would fail the same way in Run).
if (engine == DatabaseOptions.Sqlite)
{
    _ = app.Services.GetRequiredService<IOptions<OmniSqliteOptions>>().Value;
    _ = app.Services.GetRequiredService<IOptions<OmniSqliteBackupServiceOptions>>().Value;
}
else
{
    _ = app.Services.GetRequiredService<IOptions<OmniSqlitePostgreSqlOptions>>().Value;
}

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // Unreadable JSON, a wrong enum name, a missing body: 400. Anything else unhandled: 500. Both with problem details.
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
    SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException, // the client's mistake, not an error to log
});
app.UseStatusCodePages();   // bodiless 4xx (unreadable JSON, wrong content type): problem details too

// Healthy, Degraded (WAL above its threshold, no or a stale verified backup) or Unhealthy, with the figures.
app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
if (engine == DatabaseOptions.Sqlite)
{
    app.MapGet("/db/info", (SqliteConnection db) => TypedResults.Ok(db.GetDatabaseInfo())).WithTags("Database");
    app.MapGet("/db/backups", (IServiceProvider services) => services.GetService<OmniSqliteBackupService>() is { } backups
        ? Results.Ok(new { backups.Succeeded, backups.Failed, LastError = backups.LastError?.Message, Backups = backups.Backups.List() })
        : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Backups are off.",
            detail: "Set OmniSqlite:Backups:Directory (or OMNISQLITE_BACKUPS) to a folder on another volume.")).WithTags("Database");
}
else
{
    // SQLite's own introspection and file backups have no PostgreSQL counterpart here: say so instead of a bare 404.
    app.MapGet("/db/info", () => Results.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not available on PostgreSQL: /db/info.",
        detail: "/db/info reports the SQLite file (journal mode, PRAGMAs, page counts); on PostgreSQL see /health and the server's own views (pg_stat_database).")).WithTags("Database");
    app.MapGet("/db/backups", () => Results.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not available on PostgreSQL: /db/backups.",
        detail: "/db/backups lists OmniSqlite's backups of the SQLite file; back up a PostgreSQL server with its own tools (pg_dump, pg_basebackup).")).WithTags("Database");
}
app.MapClients();
app.MapCampaigns();
app.MapContents();
app.MapAudioGenerations();

app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
