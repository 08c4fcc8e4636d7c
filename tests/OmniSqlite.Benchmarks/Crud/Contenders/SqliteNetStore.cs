using SQLite;

namespace OmniSqlite.Benchmarks.Crud.Contenders
{
    /// <summary>
    /// sqlite-net-pcl with its own connection (SQLitePCLRaw 3.x) and its usual API: Find, Table&lt;T&gt;().Where,
    /// Insert, InsertAll, Update. Dates are stored as text in Microsoft.Data.Sqlite's format so every contender
    /// reads and writes the same bytes.
    /// </summary>
    public sealed class SqliteNetStore : IDisposable
    {
        public const string DateFormat = BenchmarkDatabase.StoredDateFormat;
        private readonly SQLiteConnection _connection;

        public SqliteNetStore(string path)
        {
            var options = new SQLiteConnectionString(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.FullMutex,
                storeDateTimeAsTicks: false, key: null, preKeyAction: null, postKeyAction: null, vfsName: null, dateTimeStringFormat: DateFormat);
            _connection = new SQLiteConnection(options);
            foreach (var pragma in BenchmarkDatabase.ConnectionPragmas) _connection.ExecuteScalar<string>(pragma);
        }

        public string Profile() => BenchmarkDatabase.ReadProfile(sql => _connection.ExecuteScalar<string>(sql));

        /// <summary>One scalar through sqlite-net's own connection (the insert probe reads its PRAGMAs with it).</summary>
        public string? Scalar(string sql) => _connection.ExecuteScalar<string>(sql);

        public Campaign? GetById(long id) => _connection.Find<Campaign>(id);

        public List<Campaign> FindByClientId(long clientId) => _connection.Table<Campaign>().Where(c => c.ClientId == clientId).ToList();

        public void InsertOne(Campaign campaign)
        {
            _connection.BeginTransaction();
            _connection.Insert(campaign);
            _connection.Commit();
        }

        /// <summary>Insert outside a transaction: autocommit, the INSERT is its own transaction (sqlite-net sets the key).</summary>
        public void InsertOneAutocommit(Campaign campaign) => _connection.Insert(campaign);

        /// <summary>InsertAll runs in one transaction and sets each AutoIncrement key.</summary>
        public void InsertMany(List<Campaign> campaigns) => _connection.InsertAll(campaigns, runInTransaction: true);

        public bool Update(Campaign campaign) => _connection.Update(campaign) == 1;

        public void Dispose() => _connection.Dispose();
    }
}
