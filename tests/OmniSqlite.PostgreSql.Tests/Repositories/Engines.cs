using Microsoft.Data.Sqlite;
using Npgsql;
using OmniSqlite.Tests;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.PostgreSql.Tests.Repositories;

/// <summary>
/// One database on either engine, schema created, handing out the generated repositories through their shared interfaces:
/// the same test body runs on SQLite and on PostgreSQL.
/// </summary>
public sealed class EngineDatabase : IDisposable
{
    public const string Sqlite = "sqlite", PostgreSql = "postgresql";

    public static TheoryData<string> Both => new() { Sqlite, PostgreSql };

    private readonly TempDatabase? _file;
    private readonly SqliteConnection? _sqlite;
    private readonly NpgsqlConnection? _postgres;

    public EngineDatabase(string engine)
    {
        Engine = engine;
        if (engine == Sqlite)
        {
            _file = new TempDatabase();
            _sqlite = _file.Open();
            OmniSqliteSchema.EnsureCreated(_sqlite);
        }
        else
        {
            _postgres = new NpgsqlConnection(PostgresCluster.Shared.CreateDatabase());
            _postgres.Open();
            OmniSqliteSchema.EnsureCreated(_postgres);
        }
    }

    public string Engine { get; }

    public NpgsqlConnection Postgres => _postgres ?? throw new InvalidOperationException("not a PostgreSQL database");

    public IClientRepository Clients() => _sqlite != null ? new ClientRepository(_sqlite) : new ClientPostgreSqlRepository(_postgres!);
    public ICampaignRepository Campaigns() => _sqlite != null ? new CampaignRepository(_sqlite) : new CampaignPostgreSqlRepository(_postgres!);
    public IAllTypesRepository AllTypes() => _sqlite != null ? new AllTypesRepository(_sqlite) : new AllTypesPostgreSqlRepository(_postgres!);
    public IKeywordRepository Keywords() => _sqlite != null ? new KeywordRepository(_sqlite) : new KeywordPostgreSqlRepository(_postgres!);

    public void Dispose()
    {
        _sqlite?.Dispose();
        _file?.Dispose();
        _postgres?.Dispose();
    }
}
