using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OmniSqlite;
using OmniSqlite.Sample.Domain;

// The database lives in a data/ folder next to the program, or wherever OMNISQLITE_DB points
// (an absolute path on a mounted volume in production), never in the working directory.
var path = Environment.GetEnvironmentVariable("OMNISQLITE_DB")
    ?? Path.Combine(AppContext.BaseDirectory, "data", "omnisqlite-sample.db");
Directory.CreateDirectory(Path.GetDirectoryName(path)!);
foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);

// The production profile: WAL, synchronous=NORMAL, busy_timeout, foreign keys, ... applied and read back.
using var connection = SqliteProfile.Production.Open(new SqliteConnectionStringBuilder { DataSource = path }.ToString(), logger: null, out var report);
var changes = OmniSqliteSchema.EnsureCreated(connection);
Console.WriteLine($"database: {path}");
Console.WriteLine($"profile:  {report}");
Console.WriteLine($"schema:   {changes}");

var clients = new ClientRepository(connection);
var campaigns = new CampaignRepository(connection);
var contents = new ContentRepository(connection);
var generations = new AudioGenerationRepository(connection);

var acme = new Client { Name = "Acme Radio", Email = "ops@acme.example", CreatedAt = DateTime.UtcNow };
clients.Insert(acme);
var globex = new Client { Name = "Globex Podcasts", Email = "hello@globex.example", CreatedAt = DateTime.UtcNow };
clients.Insert(globex);
Console.WriteLine($"inserted clients {acme.Id} and {globex.Id}");

var stopwatch = Stopwatch.StartNew();
var batch = new List<Campaign>();
for (var i = 0; i < 1000; i++)
{
    batch.Add(new Campaign
    {
        ClientId = i % 2 == 0 ? acme.Id : globex.Id,
        Name = $"Spring push #{i}",
        Status = (CampaignStatus)(i % 4),
        Budget = 100m + i,
        CreatedAt = DateTime.UtcNow.AddMinutes(-i),
        Slug = $"spring-{i}",
    });
}
var inserted = campaigns.InsertMany(batch);
Console.WriteLine($"inserted {inserted} campaigns in one transaction in {stopwatch.ElapsedMilliseconds} ms");

var first = batch[0];
var contentId = contents.Insert(new Content { CampaignId = first.Id, Title = "Intro", Body = "Welcome to spring.", WordCount = 3, CreatedAt = DateTime.UtcNow });
generations.Insert(new AudioGeneration(Guid.NewGuid(), contentId, "tts-task-0001", GenerationState.Queued, null, null, DateTimeOffset.UtcNow, null));

// Queries by indexed columns: the generated FindBy methods are indexed by construction.
var acmeCampaigns = campaigns.FindByClientId(acme.Id);
Console.WriteLine($"campaigns of {acme.Name}: {acmeCampaigns.Count} (FindByClientId uses idx_campaigns_client_id)");
var second = batch[1];
var active = campaigns.FindByStatusAndCreatedAt(CampaignStatus.Active, second.CreatedAt);
Console.WriteLine($"active campaigns created at {second.CreatedAt:O}: {active.Count} (composite index idx_campaigns_status_created_at)");
var job = generations.FindByTaskId("tts-task-0001").Single();
Console.WriteLine($"generation {job.TaskId}: {job.State}, content {job.ContentId}");

first.Status = CampaignStatus.Finished;
campaigns.Update(first);
Console.WriteLine($"campaign {first.Id} is now {campaigns.GetById(first.Id)!.Status}");
Console.WriteLine($"rows: clients={clients.Count()} campaigns={campaigns.Count()} contents={contents.Count()} audio_generations={generations.Count()}");

// Ask SQLite itself: the query the repository runs is served by the index, no full scan.
var plan = connection.ExplainQueryPlan("SELECT * FROM campaigns WHERE client_id = $id", new Dictionary<string, object?> { ["$id"] = acme.Id });
Console.WriteLine($"plan:     {plan.ToString().Trim().Replace(Environment.NewLine, " ")}; full scans: {plan.FullScans.Count}");
Console.WriteLine($"info:     {connection.GetDatabaseInfo().ToString().Replace(Environment.NewLine, "; ")}");
