#nullable enable
namespace OmniSqlite.Tests.Generated;

/// <summary>
/// Every member whose stored format changed in issue 13, for LegacyFormatMigrationTests: the first versions let
/// Microsoft.Data.Sqlite write them as text (DateTime with a trimmed fraction, DateTimeOffset with its offset,
/// TimeSpan "c", decimal "0.0###"), which Migrate converts.
/// </summary>
[Table("legacy_values")]
public sealed class LegacyValues
{
    [PrimaryKey] public long Id { get; set; }
    public DateTime When { get; set; }
    public DateTime? NWhen { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? NAt { get; set; }
    public TimeSpan Span { get; set; }
    public TimeSpan? NSpan { get; set; }
    [Column(Scale = 2)] public decimal Price { get; set; }
    [Column(Scale = 4)] public decimal? NPrice { get; set; }
    public Guid Uuid { get; set; }
    public DateOnly Day { get; set; }
    public TimeOnly Clock { get; set; }
}
