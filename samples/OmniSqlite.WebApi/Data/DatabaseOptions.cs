namespace OmniSqlite.WebApi.Data;

/// <summary>
/// The sample's own data settings (section <c>Database</c>): demo rows and the load test's "before" schema. Where the database is
/// and how connections are made is OmniSqlite's (<c>ConnectionStrings:OmniSqlite</c> and the <c>OmniSqlite</c> section).
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The values of <c>Database:Engine</c>.</summary>
    public const string Sqlite = "sqlite", PostgreSql = "postgresql";

    /// <summary>
    /// <c>sqlite</c> (the default: <c>ConnectionStrings:OmniSqlite</c> and the <c>OmniSqlite</c> section) or <c>postgresql</c>
    /// (<c>ConnectionStrings:PostgreSql</c>): which generated repositories the endpoints get.
    /// </summary>
    public string Engine { get; set; } = Sqlite;

    /// <summary><c>Database:Engine</c>, lower-cased; any other value stops the start naming the setting and the choices.</summary>
    public static string ReadEngine(IConfiguration configuration)
    {
        var engine = configuration[$"{Section}:{nameof(Engine)}"]?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(engine)) return Sqlite;
        if (engine is Sqlite or PostgreSql) return engine;
        throw new InvalidOperationException(
            $"{Section}:{nameof(Engine)} is '{configuration[$"{Section}:{nameof(Engine)}"]}'; use {Sqlite} (the default, ConnectionStrings:OmniSqlite) " +
            $"or {PostgreSql} (ConnectionStrings:PostgreSql).");
    }

    /// <summary>Create the non-unique indexes the entities declare. Only the load test's "before" run turns this off;
    /// unique indexes are constraints and always exist.</summary>
    public bool SecondaryIndexes { get; set; } = true;

    /// <summary>Demo rows to insert when the database is empty (0: none).</summary>
    public SeedOptions Seed { get; set; } = new();

    /// <summary>
    /// The container's shorthands, kept for the Dockerfile and compose.yaml: <c>OMNISQLITE_DB</c> (a file path) stands for
    /// <c>ConnectionStrings:OmniSqlite</c>, <c>OMNISQLITE_BACKUPS</c> for <c>OmniSqlite:Backups:Directory</c>.
    /// </summary>
    public static Dictionary<string, string?> Shorthands(IConfiguration configuration)
    {
        var values = new Dictionary<string, string?>();
        if (configuration["OMNISQLITE_DB"] is { Length: > 0 } path) values["ConnectionStrings:OmniSqlite"] = "Data Source=" + path;
        if (configuration["OMNISQLITE_BACKUPS"] is { Length: > 0 } backups) values["OmniSqlite:Backups:Directory"] = backups;
        return values;
    }
}

/// <summary>Demo data for trying the API and for the load test: ids are 1..N in insertion order.</summary>
public sealed class SeedOptions
{
    public int Clients { get; set; }
    public int CampaignsPerClient { get; set; } = 10;
    public int ContentsPerCampaign { get; set; } = 2;
}
