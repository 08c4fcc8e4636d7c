using BenchmarkDotNet.Attributes;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OmniSqlite.Benchmarks.Crud;

namespace OmniSqlite.Benchmarks.Queries
{
    /// <summary>The clients the campaigns belong to (the benchmark schema's second table, created by OmniSqliteSchema).</summary>
    [Table("clients")]
    public sealed class Client
    {
        [PrimaryKey] public long Id { get; set; }
        public string Name { get; set; } = "";
    }

    /// <summary>The row of the JOIN: a record with init members (Dapper cannot bind a positional record's enum and DateTime parameters).</summary>
    public sealed record CampaignRow
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public CampaignStatus Status { get; init; }
        public DateTime CreatedAt { get; init; }
        public string ClientName { get; init; } = "";
    }

    public static partial class BenchmarkQueries
    {
        public const string Sql = "SELECT c.id, c.name, c.status, c.created_at, cl.name AS client_name FROM campaigns c JOIN clients cl ON cl.id = c.client_id WHERE c.client_id = $clientId ORDER BY c.created_at DESC LIMIT 20";

        [Query(Sql)]
        public static partial List<CampaignRow> NewestOfClient(SqliteConnection connection, long clientId);
    }

    /// <summary>
    /// The [Query] row of docs/benchmarks.md: JOIN + WHERE + ORDER BY + LIMIT into a record (the 20 newest campaigns of a
    /// client with the client's name), clients in turn, served by the composite index (client_id, created_at). Generated [Query] code (native path) against hand-written Microsoft.Data.Sqlite
    /// (the baseline), SQLitePCL.raw (the floor), Dapper and an EF Core compiled query.
    /// </summary>
    [MemoryDiagnoser]
    public class QueryBenchmarks
    {
        private BenchmarkDatabase _database = null!;
        private SqliteConnection _connection = null!;
        /// <summary>The connection every contender runs on (for --floor-query).</summary>
        public SqliteConnection Connection => _connection;
        private SqliteCommand _handWritten = null!;
        private SqliteParameter _handWrittenClient = null!;
        private SQLitePCL.sqlite3_stmt _raw = null!;
        private QueryDbContext _context = null!;
        private long _client;

        private static readonly Func<QueryDbContext, long, IEnumerable<CampaignRow>> s_efQuery = EF.CompileQuery((QueryDbContext db, long clientId) =>
            (from c in db.Campaigns
             join cl in db.Clients on c.ClientId equals cl.Id
             where c.ClientId == clientId
             orderby c.CreatedAt descending
             select new CampaignRow { Id = c.Id, Name = c.Name, Status = c.Status, CreatedAt = c.CreatedAt, ClientName = cl.Name }).Take(20));

        private const string DapperSql = "SELECT c.id, c.name, c.status, c.created_at AS CreatedAt, cl.name AS ClientName FROM campaigns c JOIN clients cl ON cl.id = c.client_id WHERE c.client_id = @clientId ORDER BY c.created_at DESC LIMIT 20";

        private long NextClient() => _client = _client % BenchmarkDatabase.Clients + 1;

        [GlobalSetup]
        public void Setup()
        {
            _database = BenchmarkDatabase.Create("Query");
            _connection = _database.OpenConnection();
            var clients = new ClientRepository(_connection);
            clients.InsertMany(Enumerable.Range(1, BenchmarkDatabase.Clients).Select(i => new Client { Id = i, Name = "client " + i }).ToList());
            // The index an app running this query has (OSQL012 asks for it: ORDER BY created_at after an equality on client_id):
            // SQLite walks the client's newest 20 entries backwards instead of sorting all ~100 of them in a temp B-tree,
            // which otherwise dominates every contender's time and hides the libraries' own cost. All contenders use it.
            using (var index = _connection.CreateCommand())
            {
                index.CommandText = CompositeIndexSql;
                index.ExecuteNonQuery();
            }
            var plan = QueryPlan(_connection, BenchmarkQueries.Sql.Replace("$clientId", "7", StringComparison.Ordinal));
            if (!plan.Contains("idx_campaigns_client_id_created_at", StringComparison.Ordinal) || plan.Contains("TEMP B-TREE", StringComparison.Ordinal))
                throw new InvalidOperationException("The JOIN is not served by the composite index without a sort: " + plan);

            _handWritten = _connection.CreateCommand();
            _handWritten.CommandText = BenchmarkQueries.Sql;
            _handWrittenClient = _handWritten.Parameters.Add("$clientId", SqliteType.Integer);
            _handWritten.Prepare();
            _context = new QueryDbContext(_connection);
            SQLitePCL.raw.sqlite3_prepare_v3(_connection.Handle!, BenchmarkQueries.Sql, (uint)SQLitePCL.raw.SQLITE_PREPARE_PERSISTENT, out _raw);

            // Every contender returns the same rows, or the numbers mean nothing.
            var expected = HandWrittenRows(7);
            if (expected.Count != 20) throw new InvalidOperationException("HandWritten returned " + expected.Count + " rows, expected 20.");
            foreach (var (name, rows) in new[] { ("Generated", BenchmarkQueries.NewestOfClient(_connection, 7)), ("Raw", RawRows(7)), ("Dapper", DapperRows(7)), ("EfCore", s_efQuery(_context, 7).ToList()) })
                if (!rows.SequenceEqual(expected)) throw new InvalidOperationException(name + " returned other rows than HandWritten.");
        }

        /// <summary>What the query needs for WHERE client_id = ? ORDER BY created_at DESC LIMIT 20 (equality column first, then the sort column).</summary>
        public const string CompositeIndexSql = "CREATE INDEX idx_campaigns_client_id_created_at ON campaigns (client_id, created_at)";

        /// <summary>EXPLAIN QUERY PLAN's detail lines, joined.</summary>
        public static string QueryPlan(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read()) lines.Add(reader.GetString(3));
            return string.Join("; ", lines);
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _context.Dispose();
            _handWritten.Dispose();
            _raw.Dispose();
            _connection.Dispose();
            _database.Dispose();
        }

        private List<CampaignRow> HandWrittenRows(long clientId)
        {
            _handWrittenClient.Value = clientId;
            var list = new List<CampaignRow>();
            using var reader = _handWritten.ExecuteReader();
            while (reader.Read())
                list.Add(new CampaignRow { Id = reader.GetInt64(0), Name = reader.GetString(1), Status = (CampaignStatus)reader.GetInt64(2), CreatedAt = reader.GetDateTime(3), ClientName = reader.GetString(4) });
            return list;
        }

        /// <summary>The physical floor: SQLitePCL.raw on the connection's handle, the statement prepared once, typed reads.</summary>
        private List<CampaignRow> RawRows(long clientId)
        {
            SQLitePCL.raw.sqlite3_bind_int64(_raw, 1, clientId);
            var list = new List<CampaignRow>();
            try
            {
                Span<char> date = stackalloc char[32];
                while (SQLitePCL.raw.sqlite3_step(_raw) == SQLitePCL.raw.SQLITE_ROW)
                {
                    int n = System.Text.Encoding.UTF8.GetChars(SQLitePCL.raw.sqlite3_column_blob(_raw, 3), date);
                    list.Add(new CampaignRow
                    {
                        Id = SQLitePCL.raw.sqlite3_column_int64(_raw, 0),
                        Name = SQLitePCL.raw.sqlite3_column_text(_raw, 1).utf8_to_string(),
                        Status = (CampaignStatus)SQLitePCL.raw.sqlite3_column_int64(_raw, 2),
                        CreatedAt = DateTime.Parse(date.Slice(0, n), System.Globalization.CultureInfo.InvariantCulture),
                        ClientName = SQLitePCL.raw.sqlite3_column_text(_raw, 4).utf8_to_string(),
                    });
                }
            }
            finally { SQLitePCL.raw.sqlite3_reset(_raw); SQLitePCL.raw.sqlite3_clear_bindings(_raw); }
            return list;
        }

        private List<CampaignRow> DapperRows(long clientId) => _connection.Query<CampaignRow>(DapperSql, new { clientId }).AsList();

        [Benchmark(Baseline = true)] public List<CampaignRow> HandWritten() => HandWrittenRows(NextClient());
        [Benchmark] public List<CampaignRow> Raw() => RawRows(NextClient());
        [Benchmark] public List<CampaignRow> Generated() => BenchmarkQueries.NewestOfClient(_connection, NextClient());
        [Benchmark] public List<CampaignRow> Dapper() => DapperRows(NextClient());
        [Benchmark] public List<CampaignRow> EfCore() => s_efQuery(_context, NextClient()).ToList();
    }

    /// <summary>EF Core's view of the two tables, mapped by the fluent API.</summary>
    public sealed class QueryDbContext : DbContext
    {
        private readonly SqliteConnection _connection;

        public QueryDbContext(SqliteConnection connection) => _connection = connection;

        public DbSet<Campaign> Campaigns => Set<Campaign>();
        public DbSet<Client> Clients => Set<Client>();

        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite(_connection);

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            var campaign = modelBuilder.Entity<Campaign>();
            campaign.ToTable("campaigns");
            campaign.HasKey(c => c.Id);
            campaign.Property(c => c.Id).HasColumnName("id");
            campaign.Property(c => c.ClientId).HasColumnName("client_id");
            campaign.Property(c => c.Name).HasColumnName("name");
            campaign.Property(c => c.Status).HasColumnName("status");
            campaign.Property(c => c.Budget).HasColumnName("budget");
            campaign.Property(c => c.CreatedAt).HasColumnName("created_at");
            campaign.Property(c => c.Slug).HasColumnName("slug");
            var client = modelBuilder.Entity<Client>();
            client.ToTable("clients");
            client.HasKey(c => c.Id);
            client.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
            client.Property(c => c.Name).HasColumnName("name");
        }
    }
}
