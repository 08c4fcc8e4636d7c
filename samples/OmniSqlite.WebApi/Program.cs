using System.Text.Json.Serialization;
using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddDatabaseBackups(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var app = builder.Build();

app.UseExceptionHandler();  // unhandled errors: 500 with a problem-details body
app.UseStatusCodePages();   // bodiless 4xx (unreadable JSON, wrong content type): problem details too

// Fails start-up with a clear message when the path is relative in Production or the file cannot be opened.
app.Services.GetRequiredService<Database>().Initialize();

app.MapHealthChecks("/health");
app.MapGet("/db/info", (Database db) => TypedResults.Ok(db.GetInfo())).WithTags("Database");
app.MapClients();
app.MapCampaigns();
app.MapContents();
app.MapAudioGenerations();

app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
