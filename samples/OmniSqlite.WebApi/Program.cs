using System.Text.Json.Serialization;
using OmniSqlite.Hosting;
using OmniSqlite.WebApi.Data;
using OmniSqlite.WebApi.Endpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddDatabaseBackups(builder.Configuration, builder.Environment);
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

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // Unreadable JSON, a wrong enum name, a missing body: 400. Anything else unhandled: 500. Both with problem details.
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
    SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException, // the client's mistake, not an error to log
});
app.UseStatusCodePages();   // bodiless 4xx (unreadable JSON, wrong content type): problem details too

// Fails start-up with a clear message when the path is relative in Production or the file cannot be opened.
app.Services.GetRequiredService<Database>().Initialize();

app.MapHealthChecks("/health");
app.MapGet("/db/info", (Database db) => TypedResults.Ok(db.GetInfo())).WithTags("Database");
app.MapGet("/db/backups", (IServiceProvider services) => services.GetService<OmniSqliteBackupService>() is { } backups
    ? Results.Ok(new { backups.Succeeded, backups.Failed, LastError = backups.LastError?.Message, Backups = backups.Backups.List() })
    : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Backups are off.",
        detail: $"Set Backups:Enabled=true and {BackupSettings.DirectoryVariable} to a folder on another volume.")).WithTags("Database");
app.MapClients();
app.MapCampaigns();
app.MapContents();
app.MapAudioGenerations();

app.Run();

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
