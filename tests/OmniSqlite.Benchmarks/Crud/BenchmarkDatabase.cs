using Microsoft.Data.Sqlite;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// One real database file in a temp folder: the generated schema (CampaignSchema, via OmniSqliteSchema.EnsureCreated),
    /// the same PRAGMA profile for every contender, and the same seeded rows. Every contender gets its own file so
    /// one contender's writes never shape another's reads.
    /// </summary>
    public sealed class BenchmarkDatabase : IDisposable
    {
        public const int SeedRows = 10_000;
        public const int Clients = 100;           // ~100 rows per client_id: the "read ~100 rows by an indexed column" workload
        public static readonly DateTime Epoch = new DateTime(2025, 1, 1, 8, 0, 0, DateTimeKind.Unspecified);

        /// <summary>
        /// How every contender stores created_at: the generated code's form for an Unspecified DateTime
        /// (StoredValues.DateTimeText: fixed width, so text order is time order), so all of them write and read the same bytes.
        /// </summary>
        public const string StoredDateFormat = "yyyy'-'MM'-'dd' 'HH':'mm':'ss'.'fffffff";

        /// <summary>
        /// The production profile, as plain PRAGMA statements (per connection; journal_mode=WAL persists in the file,
        /// auto_vacuum must precede the first table). Every contender runs exactly these on its own connection.
        /// </summary>
        public static readonly string[] ConnectionPragmas =
        {
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=NORMAL",
            "PRAGMA cache_size=-64000",
            "PRAGMA temp_store=MEMORY",
            "PRAGMA mmap_size=268435456",
            "PRAGMA busy_timeout=5000",
            "PRAGMA foreign_keys=ON",
        };

        /// <summary>What every contender's connection must report back, in <see cref="ProfilePragmas"/> order.</summary>
        public const string ExpectedProfile = "wal|1|-64000|2|268435456|5000|1|2";

        /// <summary>The PRAGMAs read back to prove the profile is in force (auto_vacuum 2 = INCREMENTAL).</summary>
        public static readonly string[] ProfilePragmas = { "journal_mode", "synchronous", "cache_size", "temp_store", "mmap_size", "busy_timeout", "foreign_keys", "auto_vacuum" };

        /// <summary>The effective profile of a connection, read through the contender's own library.</summary>
        public static string ReadProfile(Func<string, string?> scalar)
            => string.Join("|", ProfilePragmas.Select(p => scalar("PRAGMA " + p)));

        /// <summary>The effective profile of a Microsoft.Data.Sqlite connection.</summary>
        public static string ReadProfile(SqliteConnection connection)
            => ReadProfile(sql =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            });

        private BenchmarkDatabase(string folder, string path)
        {
            Folder = folder;
            Path = path;
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        }

        public string Folder { get; }
        public string Path { get; }
        public string ConnectionString { get; }

        /// <summary>Ids of the seeded rows in a fixed shuffled order (what point reads and updates walk through).</summary>
        public long[] ShuffledIds { get; private set; } = Array.Empty<long>();

        /// <summary>The highest seeded id: rows above it were written by a benchmark and are removed by <see cref="ResetWrites"/>.</summary>
        public long MaxSeedId { get; private set; }

        /// <summary>Creates the folder, the file, the schema and the seed rows.</summary>
        public static BenchmarkDatabase Create(string contender)
        {
            // OMNISQLITE_BENCH_DIR (as in ProfileBenchmarks): put the files on the disk you deploy to.
            var root = Environment.GetEnvironmentVariable("OMNISQLITE_BENCH_DIR");
            var folder = System.IO.Path.Combine(string.IsNullOrEmpty(root) ? System.IO.Path.GetTempPath() : root, "omnisqlite-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var db = new BenchmarkDatabase(folder, System.IO.Path.Combine(folder, contender + ".db"));
            using (var connection = new SqliteConnection(db.ConnectionString))
            {
                connection.Open();
                Execute(connection, "PRAGMA auto_vacuum=INCREMENTAL");   // before anything writes page 1
                foreach (var pragma in ConnectionPragmas) Execute(connection, pragma);
                OmniSqliteSchema.EnsureCreated(connection);
                db.Seed(connection);
            }
            return db;
        }

        /// <summary>A Microsoft.Data.Sqlite connection with the profile applied.</summary>
        public SqliteConnection OpenConnection()
        {
            var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            foreach (var pragma in ConnectionPragmas) Execute(connection, pragma);
            return connection;
        }

        /// <summary>Throws unless the connection reports the expected profile.</summary>
        public static void VerifyProfile(string contender, string actual)
        {
            if (actual != ExpectedProfile)
                throw new InvalidOperationException($"{contender}: the connection runs PRAGMA profile '{actual}', expected '{ExpectedProfile}'.");
        }

        /// <summary>Deterministic row <paramref name="i"/> of the data set (also used to build rows to insert).</summary>
        public static Campaign MakeCampaign(int i) => new Campaign
        {
            ClientId = 1 + (i * 7919L) % Clients,
            Name = "Campaign " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Status = (CampaignStatus)(i % 4),
            Budget = 100 + (i % 1000) * 12.5,
            CreatedAt = Epoch.AddSeconds(i * 37L),
            Slug = i % 3 == 0 ? null : "campaign-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        /// <summary>Rows to insert: fresh objects, key 0, same values for every contender.</summary>
        public static List<Campaign> MakeBatch(int count, int offset)
        {
            var list = new List<Campaign>(count);
            for (var i = 0; i < count; i++) list.Add(MakeCampaign(offset + i));
            return list;
        }

        private void Seed(SqliteConnection connection)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO campaigns (client_id, name, status, budget, created_at, slug) VALUES ($c, $n, $s, $b, $t, $g)";
            var c = command.Parameters.Add("$c", SqliteType.Integer);
            var n = command.Parameters.Add("$n", SqliteType.Text);
            var s = command.Parameters.Add("$s", SqliteType.Integer);
            var b = command.Parameters.Add("$b", SqliteType.Real);
            var t = command.Parameters.Add("$t", SqliteType.Text);
            var g = command.Parameters.Add("$g", SqliteType.Text);
            for (var i = 0; i < SeedRows; i++)
            {
                var row = MakeCampaign(i);
                c.Value = row.ClientId;
                n.Value = row.Name;
                s.Value = (long)row.Status;
                b.Value = row.Budget;
                t.Value = row.CreatedAt.ToString(StoredDateFormat, System.Globalization.CultureInfo.InvariantCulture);
                g.Value = (object?)row.Slug ?? DBNull.Value;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
            Execute(connection, "ANALYZE");
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");

            MaxSeedId = Scalar(connection, "SELECT max(id) FROM campaigns");
            var ids = new List<long>(SeedRows);
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT id FROM campaigns ORDER BY id";
                using var reader = select.ExecuteReader();
                while (reader.Read()) ids.Add(reader.GetInt64(0));
            }
            var shuffled = ids.ToArray();
            new Random(42).Shuffle(shuffled);
            ShuffledIds = shuffled;
        }

        /// <summary>Removes rows written by a benchmark (ids above the seed), so write suites start each iteration from the seed.</summary>
        public void ResetWrites()
        {
            using var connection = OpenConnection();
            using (var delete = connection.CreateCommand())
            {
                delete.CommandText = "DELETE FROM campaigns WHERE id > $seed";
                delete.Parameters.AddWithValue("$seed", MaxSeedId);
                delete.ExecuteNonQuery();
            }
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }

        public long CountRows()
        {
            using var connection = OpenConnection();
            return Scalar(connection, "SELECT count(*) FROM campaigns");
        }

        internal static void Execute(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read()) { }
        }

        internal static long Scalar(SqliteConnection connection, string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(Folder, recursive: true); }
            catch (IOException) { }
        }
    }
}
