using System;
using OmniSqlite;

namespace OmniSqlite.Sample.Domain
{
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

    /// <summary>A client's campaign; the seed guide's queries filter on client_id and sort by created_at.</summary>
    [Table("campaigns")]
    [Index(nameof(Status), nameof(CreatedAt))]
    public sealed class Campaign
    {
        [PrimaryKey, AutoIncrement] public long Id { get; set; }
        [Indexed] public long ClientId { get; set; }
        public string Name { get; set; } = "";
        public CampaignStatus Status { get; set; }
        [Column(Scale = 2)] public decimal Budget { get; set; }
        [Indexed] public DateTime CreatedAt { get; set; }
        [Unique] public string? Slug { get; set; }
        [Ignore] public string? DisplayLabel { get; set; }
    }

    /// <summary>A script inside a campaign (a record with init-only members).</summary>
    [Table("contents")]
    public sealed record Content
    {
        [PrimaryKey, AutoIncrement] public long Id { get; set; }
        [Indexed] public long CampaignId { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public int WordCount { get; init; }
        public DateTime CreatedAt { get; init; }
    }

    public enum GenerationState { Queued, Running, Done, Failed }

    /// <summary>A text-to-speech job for a content, keyed by the provider's task id (a constructor-bound record).</summary>
    [Table("audio_generations")]
    public sealed record AudioGeneration(
        Guid Id,
        long ContentId,
        string TaskId,
        GenerationState State,
        double? DurationSeconds,
        byte[]? Audio,
        DateTimeOffset RequestedAt,
        TimeSpan? ProcessingTime)
    {
        [PrimaryKey] public Guid Id { get; init; } = Id;
        [Indexed] public long ContentId { get; init; } = ContentId;
        [Indexed(Unique = true)] public string TaskId { get; init; } = TaskId;
    }
}
