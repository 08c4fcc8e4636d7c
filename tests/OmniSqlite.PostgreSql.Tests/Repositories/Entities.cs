#nullable enable
using System.Text.Json.Serialization;
using OmniSqlite;

[assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]

namespace OmniSqlite.PostgreSql.Tests.Repositories;

public enum Stage { Draft = 0, Live = 1, Archived = -7 }

public enum Huge : ulong { Zero = 0, Top = ulong.MaxValue }

public sealed record Settings(string Theme, int Size, List<string> Tags);

[JsonSerializable(typeof(Settings))]
internal sealed partial class PgJsonContext : JsonSerializerContext { }

/// <summary>Every supported member type, each also nullable: the round-trip table.</summary>
[Table("all_types")]
public sealed class AllTypes
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public bool Flag { get; set; }
    public bool? FlagN { get; set; }
    public byte U8 { get; set; }
    public byte? U8N { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public short? I16N { get; set; }
    public ushort U16 { get; set; }
    public int I32 { get; set; }
    public int? I32N { get; set; }
    public uint U32 { get; set; }
    public long I64 { get; set; }
    public long? I64N { get; set; }
    public ulong U64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    public double? F64N { get; set; }
    public decimal Money { get; set; }
    [Column(Scale = 2)] public decimal Cents { get; set; }
    public decimal? MoneyN { get; set; }
    public string Text { get; set; } = "";
    public string? TextN { get; set; }
    public byte[] Blob { get; set; } = System.Array.Empty<byte>();
    public byte[]? BlobN { get; set; }
    public Guid Uuid { get; set; }
    public Guid? UuidN { get; set; }
    public DateTime When { get; set; }
    public DateTime? WhenN { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? AtN { get; set; }
    public DateOnly Day { get; set; }
    public DateOnly? DayN { get; set; }
    public TimeOnly Clock { get; set; }
    public TimeOnly? ClockN { get; set; }
    public TimeSpan Span { get; set; }
    public TimeSpan? SpanN { get; set; }
    public Stage Stage { get; set; }
    public Stage? StageN { get; set; }
    public Huge Huge { get; set; }
    [Json(typeof(PgJsonContext))] public Settings Settings { get; set; } = new("", 0, new());
    [Json(typeof(PgJsonContext))] public Settings? SettingsN { get; set; }
}

[Table("pg_clients")]
public sealed class Client
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public string Name { get; set; } = "";
}

[Table("pg_campaigns")]
[Index(nameof(Status), nameof(CreatedAt))]
public sealed class Campaign
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    [References(typeof(Client), OnDelete = ForeignKeyAction.Cascade)] public long ClientId { get; set; }
    public string Title { get; set; } = "";
    [Default("draft")] public string Status { get; set; } = "draft";
    [Unique] public string? Slug { get; set; }
    [Default(true)] public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>A string key (no identity) whose members are named like the generated code's own names.</summary>
[Table("order")]
public sealed class Keyword
{
    [PrimaryKey] public string Code { get; set; } = "";
    [Indexed] public int Command { get; set; }
    public string? Connection { get; set; }
    public string? Transaction { get; set; }
    public int Select { get; set; }
}

/// <summary>Only an identity key: InsertMany writes VALUES (DEFAULT), (DEFAULT).</summary>
[Table("pg_bare")]
public sealed class Bare
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
}
