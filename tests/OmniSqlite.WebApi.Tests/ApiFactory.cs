using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OmniSqlite.WebApi.Tests;

/// <summary>The web API over a real database file in a temp folder of its own; the folder goes with the factory.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ApiFactory(string environment = "Testing", Dictionary<string, string?>? settings = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "omnisqlite-webapi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabasePath = Path.Combine(Folder, "api.db");
        Environment = environment;
        _settings = new Dictionary<string, string?> { ["ConnectionStrings:OmniSqlite"] = "Data Source=" + DatabasePath };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

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

    /// <summary>Row counts of every table, read from the file with a plain connection (not through the API).</summary>
    public Dictionary<string, long> CountRows()
    {
        var counts = new Dictionary<string, long>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        foreach (var table in new[] { "clients", "campaigns", "contents", "audio_generations" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)command.ExecuteScalar()!;
        }
        return counts;
    }

    /// <summary>Names of the indexes in the file.</summary>
    public List<string> IndexNames()
    {
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
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
