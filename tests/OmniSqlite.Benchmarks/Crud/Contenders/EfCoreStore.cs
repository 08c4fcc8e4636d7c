using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace OmniSqlite.Benchmarks.Crud.Contenders
{
    /// <summary>The same table for EF Core, mapped by the fluent API (the entity's attributes are OmniSqlite's and sqlite-net's).</summary>
    public sealed class BenchmarkDbContext : DbContext
    {
        private readonly SqliteConnection _connection;

        public BenchmarkDbContext(SqliteConnection connection) => _connection = connection;

        public DbSet<Campaign> Campaigns => Set<Campaign>();

        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            => optionsBuilder.UseSqlite(_connection);

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            var campaign = modelBuilder.Entity<Campaign>();
            campaign.ToTable("campaigns");
            campaign.HasKey(c => c.Id);
            campaign.Property(c => c.Id).HasColumnName("id").ValueGeneratedOnAdd();
            campaign.Property(c => c.ClientId).HasColumnName("client_id");
            campaign.Property(c => c.Name).HasColumnName("name");
            campaign.Property(c => c.Status).HasColumnName("status");
            campaign.Property(c => c.Budget).HasColumnName("budget");
            campaign.Property(c => c.CreatedAt).HasColumnName("created_at")
                .HasConversion(v => v.ToString(BenchmarkDatabase.StoredDateFormat, System.Globalization.CultureInfo.InvariantCulture), v => DateTime.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
            campaign.Property(c => c.Slug).HasColumnName("slug");
            campaign.HasIndex(c => c.ClientId).HasDatabaseName("idx_campaigns_client_id");
        }
    }

    /// <summary>
    /// EF Core 10 on the same open connection kind: one long-lived context, no-tracking reads, writes through
    /// SaveChanges with the change tracker cleared afterwards (so the context does not grow).
    /// </summary>
    public sealed class EfCoreStore : IDisposable
    {
        private readonly BenchmarkDbContext _context;

        public EfCoreStore(SqliteConnection connection) => _context = new BenchmarkDbContext(connection);

        public Campaign? GetById(long id) => _context.Campaigns.AsNoTracking().FirstOrDefault(c => c.Id == id);

        public List<Campaign> FindByClientId(long clientId) => _context.Campaigns.AsNoTracking().Where(c => c.ClientId == clientId).ToList();

        public void InsertOne(Campaign campaign)
        {
            using var transaction = _context.Database.BeginTransaction();
            _context.Campaigns.Add(campaign);
            _context.SaveChanges();
            transaction.Commit();
            _context.ChangeTracker.Clear();
        }

        /// <summary>Add + SaveChanges without an explicit transaction (EF Core runs a single INSERT without one of its own).</summary>
        public void InsertOneAutocommit(Campaign campaign)
        {
            _context.Campaigns.Add(campaign);
            _context.SaveChanges();
            _context.ChangeTracker.Clear();
        }

        /// <summary>AddRange + one SaveChanges: EF batches the inserts inside its own transaction and sets the keys.</summary>
        public void InsertMany(List<Campaign> campaigns)
        {
            _context.Campaigns.AddRange(campaigns);
            _context.SaveChanges();
            _context.ChangeTracker.Clear();
        }

        /// <summary>The disconnected-entity update: Update marks every property modified, one UPDATE of all columns.</summary>
        public bool Update(Campaign campaign)
        {
            _context.Campaigns.Update(campaign);
            var rows = _context.SaveChanges();
            _context.ChangeTracker.Clear();
            return rows == 1;
        }

        public void Dispose() => _context.Dispose();
    }
}
