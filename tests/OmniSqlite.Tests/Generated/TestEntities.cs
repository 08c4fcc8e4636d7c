#nullable enable
namespace OmniSqlite.Tests.Generated;

public enum Color { Red = 1, Green = 2, Blue = 3 }
public enum Huge : ulong { Small = 1, Max = ulong.MaxValue }

/// <summary>Every supported member type, non-null and nullable.</summary>
[Table("all_types")]
public sealed class AllTypes
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public bool Flag { get; set; }
    public byte U8 { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public ushort U16 { get; set; }
    public int I32 { get; set; }
    public uint U32 { get; set; }
    public long I64 { get; set; }
    public ulong U64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    public decimal Money { get; set; }
    public string Text { get; set; } = "";
    public byte[] Bytes { get; set; } = Array.Empty<byte>();
    public Guid Uuid { get; set; }
    public DateTime When { get; set; }
    public DateTimeOffset WhenOffset { get; set; }
    public DateOnly Day { get; set; }
    public TimeOnly Clock { get; set; }
    public TimeSpan Span { get; set; }
    public Color Color { get; set; }
    public Huge Huge { get; set; }

    public bool? NFlag { get; set; }
    public byte? NU8 { get; set; }
    public int? NI32 { get; set; }
    public long? NI64 { get; set; }
    public ulong? NU64 { get; set; }
    public double? NF64 { get; set; }
    public decimal? NMoney { get; set; }
    public string? NText { get; set; }
    public byte[]? NBytes { get; set; }
    public Guid? NUuid { get; set; }
    public DateTime? NWhen { get; set; }
    public DateTimeOffset? NWhenOffset { get; set; }
    public DateOnly? NDay { get; set; }
    public TimeOnly? NClock { get; set; }
    public TimeSpan? NSpan { get; set; }
    public Color? NColor { get; set; }
}

/// <summary>Reserved words as table and column names.</summary>
public sealed class Order
{
    [PrimaryKey] public long Id { get; set; }
    [Indexed] public string Group { get; set; } = "";
    [Column("select")] public int Select { get; set; }
    [Column("from")] public string? From { get; set; }
    public string Where { get; set; } = "";
}

/// <summary>A positional record bound through its constructor, with a string key.</summary>
[Table("settings")]
public sealed record Setting([property: PrimaryKey] string Key, string Value, int Version);

/// <summary>Init-only members and a Guid key.</summary>
[Table("events")]
[Index(nameof(Stream), nameof(Sequence), IsUnique = true)]
public sealed class Event
{
    [PrimaryKey] public Guid Id { get; init; }
    public string Stream { get; init; } = "";
    public long Sequence { get; init; }
    [Indexed] public DateTime At { get; init; }
    public string? Payload { get; init; }
}

/// <summary>Found by its [PrimaryKey] member alone (no [Table]).</summary>
public sealed class AuditEntry
{
    [PrimaryKey] public int Number { get; set; }
    [Indexed] public string Actor { get; set; } = "";
    public string? Note { get; set; }
}

/// <summary>One member of every type whose SQL order is checked against C#'s (OrderingTests).</summary>
[Table("ordered_values")]
public sealed class OrderedValues
{
    [PrimaryKey] public long Id { get; set; }
    public bool Flag { get; set; }
    public byte U8 { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public ushort U16 { get; set; }
    public int I32 { get; set; }
    public uint U32 { get; set; }
    public long I64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    [Column(Scale = 4)] public decimal Money { get; set; }
    [Column("signed_money", Scale = 0)] public decimal? Whole { get; set; }
    public string Text { get; set; } = "";
    public byte[] Bytes { get; set; } = Array.Empty<byte>();
    public Color Color { get; set; }
    public DateTime UtcWhen { get; set; }
    public DateTime LocalWhen { get; set; }
    public DateTime PlainWhen { get; set; }
    [Indexed] public DateTimeOffset At { get; set; }
    public DateOnly Day { get; set; }
    public TimeOnly Clock { get; set; }
    public TimeSpan Span { get; set; }
    public TimeSpan? NSpan { get; set; }
}

/// <summary>A parent for the foreign key tests.</summary>
[Table("fk_teams")]
public sealed class Team
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>One foreign key per action, all to <see cref="Team"/> (ForeignKeyTests).</summary>
[Table("fk_tickets")]
[Index(nameof(OwnerTeamId), nameof(Title))]
public sealed class Ticket
{
    [PrimaryKey, AutoIncrement] public long Id { get; set; }
    public string Title { get; set; } = "";
    [References(typeof(Team), OnDelete = ForeignKeyAction.Cascade)] public long TeamId { get; set; }
    [References(typeof(Team), OnDelete = ForeignKeyAction.SetNull)] public long? ReviewerTeamId { get; set; }
    [References(typeof(Team), OnDelete = ForeignKeyAction.Restrict)] public long? OwnerTeamId { get; set; }
    [References(typeof(Ticket), OnDelete = ForeignKeyAction.Cascade, OnUpdate = ForeignKeyAction.Cascade)] public long? ParentTicketId { get; set; }
}
