using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniSqlite.Tests.Postgres;

namespace OmniSqlite.WebApi.Tests;

/// <summary>
/// The web API over a real database of its own: on SQLite a file in a temp folder (the folder goes with the factory); on
/// PostgreSQL (engine "postgresql", through the sample's <c>Database:Engine</c> switch) a new database in the
/// throwaway cluster, dropped with the factory.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ApiFactory(string environment = "Testing", Dictionary<string, string?>? settings = null, string engine = Tests.Engine.Sqlite)
    {
        Folder = Path.Combine(Path.GetTempPath(), "omnisqlite-webapi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "api.db");
        Environment = environment;
        Engine = engine;
        _settings = new Dictionary<string, string?> { ["ConnectionStrings:OmniSqlite"] = "Data Source=" + DatabasePath };
        if (engine == Tests.Engine.PostgreSql)
        {
            // The cluster's connection strings turn pooling off (one-shot admin work); the API pools as an application would.
            PostgresConnectionString = new NpgsqlConnectionStringBuilder(PostgresCluster.Shared.CreateDatabase("webapi")) { Pooling = true }.ConnectionString;
            _settings["Database:Engine"] = Tests.Engine.PostgreSql;
            _settings["ConnectionStrings:PostgreSql"] = PostgresConnectionString;
        }
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    /// <summary>"sqlite" or "postgresql".</summary>
    public string Engine { get; }

    /// <summary>The PostgreSQL database of this factory (null on SQLite).</summary>
    public string? PostgresConnectionString { get; }

    public string Folder { get; }
    public string BackupDirectory => Path.Combine(Folder, "backups");

    /// <summary>Backups go to a backups folder beside the database in the temp folder.</summary>
    public void UseBackupDirectory() => _settings["OmniSqlite:Backups:Directory"] = BackupDirectory;
    public string DatabasePath { get; }
    public string Environment { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    // Added here rather than in ConfigureAppConfiguration so that Program.cs sees the settings while it builds
    // (dotnet/aspnetcore#37680), and after appsettings.json and the environment, so they win.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    private static readonly string[] Tables = ["clients", "campaigns", "contents", "audio_generations"];

    /// <summary>Row counts of every table, read from the database with a plain connection (not through the API).</summary>
    public Dictionary<string, long> CountRows()
    {
        var counts = new Dictionary<string, long>();
        if (PostgresConnectionString is { } postgres)
        {
            using var pg = new NpgsqlConnection(postgres);
            pg.Open();
            foreach (var table in Tables)
            {
                using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", pg);
                counts[table] = (long)count.ExecuteScalar()!;
            }
            return counts;
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)command.ExecuteScalar()!;
        }
        return counts;
    }

    /// <summary>Names of the indexes in the database (on PostgreSQL without the primary keys' own, as SQLite lists none for them).</summary>
    public List<string> IndexNames()
    {
        if (PostgresConnectionString is { } postgres)
        {
            using var pg = new NpgsqlConnection(postgres);
            pg.Open();
            using var list = new NpgsqlCommand("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' ORDER BY indexname", pg);
            using var rows = list.ExecuteReader();
            var found = new List<string>();
            while (rows.Read()) found.Add(rows.GetString(0));
            return found;
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        SqliteConnection.ClearAllPools();
        if (PostgresConnectionString is { } postgres)
        {
            // The host (and its data source's pool) is gone; FORCE ends any connection still open.
            var name = new NpgsqlConnectionStringBuilder(postgres).Database;
            using var admin = new NpgsqlConnection(PostgresCluster.Shared.ConnectionString);
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
