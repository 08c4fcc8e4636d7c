using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OmniSqlite.Schema;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Data;

/// <summary>
/// The one place that knows how the API talks to SQLite: where the file is, which profile every connection gets,
/// schema creation at start-up and the demo seed. Endpoints ask it for a connection per request (the pool makes that cheap).
/// </summary>
public sealed class Database
{
    private readonly DatabaseOptions _options;
    private readonly ILogger<Database> _logger;
    private readonly SqliteProfile _profile;
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, SqliteProfile> _profiled = new();

    public Database(IOptions<DatabaseOptions> options, IHostEnvironment environment, ILogger<Database> logger)
    {
        _options = options.Value;
        _logger = logger;
        FilePath = ResolvePath(_options.Path, environment);
        (_profile, ProfileName) = _options.Profile?.Trim().ToLowerInvariant() switch
        {
            "production" => (SqliteProfile.Production, "Production"),
            "default" => (SqliteProfile.Default, "Default"),
            _ => throw new InvalidOperationException(
                $"Database:Profile is '{_options.Profile}'; use 'Production' (the default) or 'Default' (SQLite's own settings, for comparison only)."),
        };
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }
    public string ConnectionString { get; }
    public string ProfileName { get; }
    public bool SecondaryIndexes => _options.SecondaryIndexes;

    /// <summary>
    /// Resolves the configured path. A relative path would land in the container image (lost on every redeploy),
    /// so the Production environment refuses it; elsewhere it resolves against the content root.
    /// </summary>
    public static string ResolvePath(string? configured, IHostEnvironment environment,
        string what = "database path", string variable = DatabaseOptions.PathVariable)
    {
        var path = string.IsNullOrWhiteSpace(configured) ? DatabaseOptions.DefaultPath : configured.Trim();
        if (Path.IsPathRooted(path)) return Path.GetFullPath(path);
        if (environment.IsProduction())
            throw new InvalidOperationException(
                $"The {what} '{path}' is relative, so in a container it would sit inside the image and be lost on every redeploy. " +
                $"Mount a volume and set {variable} to an absolute path on it, e.g. " +
                (variable == DatabaseOptions.PathVariable
                    ? $"{variable}=/data/omnisqlite.db with `-v omnisqlite-data:/data`."
                    : $"{variable}=/backups with `-v omnisqlite-backups:/backups`."));
        return Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
    }

    /// <summary>An open connection from the pool with the configured profile applied. Dispose it at the end of the request.</summary>
    /// <remarks>
    /// PRAGMAs such as busy_timeout and cache_size belong to the native handle, and the pool hands the same handle out again
    /// with them still set. So the profile is applied once per native handle, not on every open: applying and reading back
    /// every PRAGMA (and checking the mount table for WAL) costs about a millisecond, more than the request itself.
    /// </remarks>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            var handle = connection.Handle!;
            if (!_profiled.TryGetValue(handle, out _))
            {
                connection.ApplyProfile(_profile);
                _profiled.AddOrUpdate(handle, _profile);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Creates the folder, the tables and indexes, and the demo rows when configured. Called once at start-up.</summary>
    public void Initialize()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        // The first open logs what the profile could not do (e.g. auto_vacuum on an existing file), and refuses a network filesystem.
        using (var first = _profile.Open(ConnectionString, _logger)) { }
        using var connection = Open();
        var tables = SecondaryIndexes ? OmniSqliteSchema.Tables : WithoutSecondaryIndexes(connection, OmniSqliteSchema.Tables);
        var changes = SchemaMigrator.EnsureCreated(connection, tables);
        _logger.LogInformation("Database {Path} (profile {Profile}, secondary indexes {Indexes}): {Changes}",
            FilePath, ProfileName, SecondaryIndexes ? "on" : "off", changes);
        if (_options.Seed.Clients > 0) Seed(connection, _options.Seed);
    }

    /// <summary>journal_mode, synchronous, sizes and counts, for <c>/db/info</c>.</summary>
    public DatabaseInfo GetInfo()
    {
        using var connection = Open();
        return connection.GetDatabaseInfo();
    }

    // The "before" schema of the load test: the same tables, unique constraints only.
    private List<TableDefinition> WithoutSecondaryIndexes(SqliteConnection connection, IReadOnlyList<TableDefinition> tables)
    {
        var result = new List<TableDefinition>();
        foreach (var table in tables)
        {
            var kept = new List<IndexDefinition>();
            foreach (var index in table.Indexes)
            {
                if (index.CreateIndexSql.StartsWith("CREATE UNIQUE", StringComparison.OrdinalIgnoreCase)) { kept.Add(index); continue; }
                using var drop = connection.CreateCommand();
#pragma warning disable OSQL014 // an identifier cannot be a parameter; the name is the generator's constant, quoted here
                drop.CommandText = $"DROP INDEX IF EXISTS \"{index.Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
#pragma warning restore OSQL014
                drop.ExecuteNonQuery();
                _logger.LogWarning("Database:SecondaryIndexes is off: index {Index} not created", index.Name);
            }
            result.Add(new TableDefinition(table.Name, table.CreateTableSql, table.Columns, kept));
        }
        return result;
    }

    private void Seed(SqliteConnection connection, SeedOptions seed)
    {
        using var clients = new ClientRepository(connection);
        if (clients.Count() > 0) return;
        var now = DateTime.UtcNow;
        using var transaction = connection.BeginWriteTransaction();
        clients.Transaction = transaction;
        using var campaigns = new CampaignRepository(connection, transaction);
        using var contents = new ContentRepository(connection, transaction);
        using var generations = new AudioGenerationRepository(connection, transaction);
        long campaignCount = 0, contentCount = 0;
        for (var c = 1; c <= seed.Clients; c++)
        {
            clients.Insert(new Client { Name = $"Client {c}", Email = $"client{c}@example.com", CreatedAt = now.AddDays(-c) });
            for (var k = 0; k < seed.CampaignsPerClient; k++)
            {
                campaignCount++;
                campaigns.Insert(new Campaign
                {
                    ClientId = c, Name = $"Campaign {campaignCount}", Status = (CampaignStatus)(campaignCount % 4),
                    Budget = 100m + campaignCount % 1000, CreatedAt = now.AddMinutes(-campaignCount), Slug = $"campaign-{campaignCount}",
                });
                for (var t = 0; t < seed.ContentsPerCampaign; t++)
                {
                    contentCount++;
                    contents.Insert(new Content
                    {
                        CampaignId = campaignCount, Title = $"Script {contentCount}", Body = "Welcome to the spring sale, now on air.",
                        WordCount = 8, CreatedAt = now.AddMinutes(-contentCount),
                    });
                    generations.Insert(new AudioGeneration
                    {
                        Id = Guid.NewGuid(), ContentId = contentCount, TaskId = $"seed-task-{contentCount}", State = GenerationState.Done,
                        Voice = "alloy", DurationSeconds = 12.5, RequestedAt = now, CompletedAt = now,
                    });
                }
            }
        }
        transaction.Commit();
        clients.Transaction = null;
        _logger.LogInformation("Seeded {Clients} clients, {Campaigns} campaigns, {Contents} contents and as many audio generations",
            seed.Clients, campaignCount, contentCount);
    }
}
