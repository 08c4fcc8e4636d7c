using OmniSqlite;

// Both engines: the generator also writes ICampaignRepository (implemented by CampaignRepository and CampaignPostgreSqlRepository)
// and OmniSqliteSchema.EnsureCreated(NpgsqlConnection); Database:Engine picks one at start (docs/postgresql.md).
[assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]

namespace OmniSqlite.WebApi.Domain;

// The seed's domain: clients -> campaigns -> contents -> audio generations.
// Every column a query filters on carries an index, so every generated FindBy is served by one.

/// <summary>A customer of the audio service.</summary>
[Table("clients")]
public sealed class Client
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public string Name { get; set; } = "";
    [Unique] public string Email { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public enum CampaignStatus { Draft = 0, Active = 1, Paused = 2, Finished = 3 }

/// <summary>A client's campaign; listed per client and per status, newest first.</summary>
[Table("campaigns")]
[Index(nameof(Status), nameof(CreatedAt))]
public sealed class Campaign
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    [Indexed] public long ClientId { get; set; }
    public string Name { get; set; } = "";
    public CampaignStatus Status { get; set; }
    [Column(Scale = 2)] public decimal Budget { get; set; }
    public DateTime CreatedAt { get; set; }
    [Unique] public string? Slug { get; set; }
}

/// <summary>A script inside a campaign.</summary>
[Table("contents")]
public sealed class Content
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    [Indexed] public long CampaignId { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public int WordCount { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum GenerationState { Queued = 0, Running = 1, Done = 2, Failed = 3 }

/// <summary>A text-to-speech job for a content, looked up by the provider's task id.</summary>
[Table("audio_generations")]
public sealed class AudioGeneration
{
    [PrimaryKey] public Guid Id { get; set; }
    [Indexed] public long ContentId { get; set; }
    [Indexed(Unique = true)] public string TaskId { get; set; } = "";
    public GenerationState State { get; set; }
    public string Voice { get; set; } = "";
    public double? DurationSeconds { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
