using OmniSqlite;

namespace OmniSqlite.Benchmarks.Crud
{
    public enum CampaignStatus { Draft = 0, Active = 1, Paused = 2, Finished = 3 }

    /// <summary>
    /// The one entity every contender reads and writes. It carries OmniSqlite's attributes (the generator emits
    /// CampaignRepository and the DDL from them) and sqlite-net's (fully qualified: both libraries name them alike);
    /// Dapper maps by name and EF Core is configured in <see cref="Contenders.BenchmarkDbContext"/>.
    /// </summary>
    [Table("campaigns"), SQLite.Table("campaigns")]
    public sealed class Campaign
    {
        [PrimaryKey, AutoIncrement, SQLite.PrimaryKey, SQLite.AutoIncrement, SQLite.Column("id")]
        public long Id { get; set; }

        [Indexed, SQLite.Column("client_id")]
        public long ClientId { get; set; }

        [SQLite.Column("name")]
        public string Name { get; set; } = "";

        [SQLite.Column("status")]
        public CampaignStatus Status { get; set; }

        [SQLite.Column("budget")]
        public double Budget { get; set; }

        [SQLite.Column("created_at")]
        public DateTime CreatedAt { get; set; }

        [SQLite.Column("slug")]
        public string? Slug { get; set; }
    }
}
