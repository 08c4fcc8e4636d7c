namespace OmniSqlite.WebApi.Data;

/// <summary>
/// Settings of the <c>Database</c> section. The path can also come from the <c>OMNISQLITE_DB</c> environment variable,
/// which wins over appsettings.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string PathVariable = "OMNISQLITE_DB";
    public const string DefaultPath = "data/omnisqlite-webapi.db";

    /// <summary>The database file. Relative paths resolve against the content root (the project folder under
    /// <c>dotnet run</c>), never the working directory, and are refused in the Production environment.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary><c>Production</c> (WAL, synchronous=NORMAL, busy_timeout, ...) or <c>Default</c> (SQLite's own defaults, for comparison).</summary>
    public string Profile { get; set; } = "Production";

    /// <summary>Create the non-unique indexes the entities declare. Only the load test's "before" run turns this off;
    /// unique indexes are constraints and always exist.</summary>
    public bool SecondaryIndexes { get; set; } = true;

    /// <summary>The configured path as written: <c>OMNISQLITE_DB</c>, else <c>Database:Path</c>, else <see cref="DefaultPath"/>.</summary>
    public static string ReadPath(IConfiguration configuration)
    {
        var fromEnvironment = configuration[PathVariable];
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment;
        var fromSettings = configuration[Section + ":" + nameof(Path)];
        return string.IsNullOrWhiteSpace(fromSettings) ? DefaultPath : fromSettings;
    }

    /// <summary>Demo rows to insert when the database is empty (0: none).</summary>
    public SeedOptions Seed { get; set; } = new();
}

/// <summary>Demo data for trying the API and for the load test: ids are 1..N in insertion order.</summary>
public sealed class SeedOptions
{
    public int Clients { get; set; }
    public int CampaignsPerClient { get; set; } = 10;
    public int ContentsPerCampaign { get; set; } = 2;
}

/// <summary>Settings of the <c>Backups</c> section (the directory can also come from <c>OMNISQLITE_BACKUPS</c>).</summary>
public sealed class BackupSettings
{
    public const string Section = "Backups";
    public const string DirectoryVariable = "OMNISQLITE_BACKUPS";

    public bool Enabled { get; set; }
    /// <summary>Where the gzip backups go: another volume than the database in production.</summary>
    public string? Directory { get; set; }
    /// <summary>How many backups retention keeps.</summary>
    public int Keep { get; set; } = 7;
    /// <summary>Cron expression (UTC) of the scheduled backup.</summary>
    public string Schedule { get; set; } = "0 3 * * *";
    /// <summary>Also take a backup as soon as the app starts.</summary>
    public bool RunOnStart { get; set; }
}
