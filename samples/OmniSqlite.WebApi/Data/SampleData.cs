using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniSqlite.Schema;
using OmniSqlite.WebApi.Domain;

namespace OmniSqlite.WebApi.Data;

/// <summary>The schema at start-up (all declared indexes, or the load test's "before" without the secondary ones) and the demo rows.</summary>
public static class SampleData
{
    /// <summary>For <c>OmniSqliteOptions.InitializeSchema</c>: the generated tables, with or without the non-unique indexes.</summary>
    public static void CreateSchema(SqliteConnection connection, bool secondaryIndexes)
    {
        var tables = secondaryIndexes ? OmniSqliteSchema.Tables : WithoutSecondaryIndexes(connection, OmniSqliteSchema.Tables);
        SchemaMigrator.EnsureCreated(connection, tables);
    }

    // The "before" schema of the load test: the same tables, unique constraints only.
    private static List<TableDefinition> WithoutSecondaryIndexes(SqliteConnection connection, IReadOnlyList<TableDefinition> tables)
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
            }
            result.Add(new TableDefinition(table.Name, table.CreateTableSql, table.Columns, kept, table.ForeignKeys, table.PreviousNames));
        }
        return result;
    }

    /// <summary>Inserts the demo rows into an empty database when <c>Database:Seed:Clients</c> is more than 0; runs after the schema step.</summary>
    public sealed class Seeder(ISqliteConnectionFactory connections, IOptions<DatabaseOptions> options, ILogger<Seeder> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var seed = options.Value.Seed;
            if (seed.Clients <= 0) return Task.CompletedTask;
            using var connection = connections.Open();
            using var clients = new ClientRepository(connection);
            if (clients.Count() > 0) return Task.CompletedTask;
            using var transaction = connection.BeginWriteTransaction();
            clients.Transaction = transaction;
            using var campaigns = new CampaignRepository(connection, transaction);
            using var contents = new ContentRepository(connection, transaction);
            using var generations = new AudioGenerationRepository(connection, transaction);
            var (campaignCount, contentCount) = Insert(seed, clients, campaigns, contents, generations);
            transaction.Commit();
            clients.Transaction = null;
            Log(logger, seed, campaignCount, contentCount);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The same demo rows on PostgreSQL (Database:Engine=postgresql), through the generated PostgreSQL repositories in one transaction.</summary>
    public sealed class PostgreSqlSeeder(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<PostgreSqlSeeder> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var seed = options.Value.Seed;
            if (seed.Clients <= 0) return Task.CompletedTask;
            using var connection = dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using var clients = new ClientPostgreSqlRepository(connection, transaction);
            if (clients.Count() > 0) return Task.CompletedTask;
            using var campaigns = new CampaignPostgreSqlRepository(connection, transaction);
            using var contents = new ContentPostgreSqlRepository(connection, transaction);
            using var generations = new AudioGenerationPostgreSqlRepository(connection, transaction);
            var (campaignCount, contentCount) = Insert(seed, clients, campaigns, contents, generations);
            transaction.Commit();
            Log(logger, seed, campaignCount, contentCount);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // Ids are 1..N in insertion order on both engines (INTEGER PRIMARY KEY on SQLite, an identity column on a new PostgreSQL table).
    private static (long Campaigns, long Contents) Insert(SeedOptions seed,
        IClientRepository clients, ICampaignRepository campaigns, IContentRepository contents, IAudioGenerationRepository generations)
    {
        var now = DateTime.UtcNow;
        long campaignCount = 0, contentCount = 0;
        for (var c = 1; c <= seed.Clients; c++)
        {
            clients.Insert(new Client { Name = $"Client {c}", Email = $"client{c}@example.com", CreatedAt = now.AddDays(-c) });
            for (var k = 0; k < seed.CampaignsPerClient; k++)
            {
                campaignCount++;
                campaigns.Insert(new Campaign
                {
                    ClientId = c,
                    Name = $"Campaign {campaignCount}",
                    Status = (CampaignStatus)(campaignCount % 4),
                    Budget = 100m + campaignCount % 1000,
                    CreatedAt = now.AddMinutes(-campaignCount),
                    Slug = $"campaign-{campaignCount}",
                });
                for (var t = 0; t < seed.ContentsPerCampaign; t++)
                {
                    contentCount++;
                    contents.Insert(new Content
                    {
                        CampaignId = campaignCount,
                        Title = $"Script {contentCount}",
                        Body = "Welcome to the spring sale, now on air.",
                        WordCount = 8,
                        CreatedAt = now.AddMinutes(-contentCount),
                    });
                    generations.Insert(new AudioGeneration
                    {
                        Id = Guid.NewGuid(),
                        ContentId = contentCount,
                        TaskId = $"seed-task-{contentCount}",
                        State = GenerationState.Done,
                        Voice = "alloy",
                        DurationSeconds = 12.5,
                        RequestedAt = now,
                        CompletedAt = now,
                    });
                }
            }
        }
        return (campaignCount, contentCount);
    }

    private static void Log(ILogger logger, SeedOptions seed, long campaigns, long contents) =>
        logger.LogInformation("Seeded {Clients} clients, {Campaigns} campaigns, {Contents} contents and as many audio generations",
            seed.Clients, campaigns, contents);
}
