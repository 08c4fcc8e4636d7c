using Microsoft.Data.Sqlite;

namespace OmniSqlite.Benchmarks.Crud.Contenders
{
    /// <summary>
    /// The floor: what an expert writes by hand over Microsoft.Data.Sqlite. One command per statement, created and
    /// prepared once, parameters added once (typed) and only their values set per call, reads by ordinal with
    /// typed getters.
    /// </summary>
    public sealed class HandWrittenStore : IDisposable
    {
        private const string Columns = "id, client_id, name, status, budget, created_at, slug";
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _getById, _findByClient, _insert, _update;
        private readonly SqliteParameter _getByIdId, _findByClientId;
        private readonly SqliteParameter _iClient, _iName, _iStatus, _iBudget, _iCreated, _iSlug;
        private readonly SqliteParameter _uClient, _uName, _uStatus, _uBudget, _uCreated, _uSlug, _uId;

        public HandWrittenStore(SqliteConnection connection)
        {
            _connection = connection;

            _getById = Create("SELECT " + Columns + " FROM campaigns WHERE id = $id");
            _getByIdId = _getById.Parameters.Add("$id", SqliteType.Integer);

            _findByClient = Create("SELECT " + Columns + " FROM campaigns WHERE client_id = $c");
            _findByClientId = _findByClient.Parameters.Add("$c", SqliteType.Integer);

            _insert = Create("INSERT INTO campaigns (client_id, name, status, budget, created_at, slug) VALUES ($c, $n, $s, $b, $t, $g) RETURNING id");
            _iClient = _insert.Parameters.Add("$c", SqliteType.Integer);
            _iName = _insert.Parameters.Add("$n", SqliteType.Text);
            _iStatus = _insert.Parameters.Add("$s", SqliteType.Integer);
            _iBudget = _insert.Parameters.Add("$b", SqliteType.Real);
            _iCreated = _insert.Parameters.Add("$t", SqliteType.Text);
            _iSlug = _insert.Parameters.Add("$g", SqliteType.Text);

            _update = Create("UPDATE campaigns SET client_id = $c, name = $n, status = $s, budget = $b, created_at = $t, slug = $g WHERE id = $id");
            _uClient = _update.Parameters.Add("$c", SqliteType.Integer);
            _uName = _update.Parameters.Add("$n", SqliteType.Text);
            _uStatus = _update.Parameters.Add("$s", SqliteType.Integer);
            _uBudget = _update.Parameters.Add("$b", SqliteType.Real);
            _uCreated = _update.Parameters.Add("$t", SqliteType.Text);
            _uSlug = _update.Parameters.Add("$g", SqliteType.Text);
            _uId = _update.Parameters.Add("$id", SqliteType.Integer);

            // Compile every statement now, not on first use.
            foreach (var command in new[] { _getById, _findByClient, _insert, _update }) command.Prepare();
        }

        private SqliteCommand Create(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        public Campaign? GetById(long id)
        {
            _getByIdId.Value = id;
            using var reader = _getById.ExecuteReader(System.Data.CommandBehavior.SingleRow);
            return reader.Read() ? Read(reader) : null;
        }

        public List<Campaign> FindByClientId(long clientId)
        {
            _findByClientId.Value = clientId;
            var list = new List<Campaign>();
            using var reader = _findByClient.ExecuteReader();
            while (reader.Read()) list.Add(Read(reader));
            return list;
        }

        /// <summary>Inserts one row in its own transaction; the key comes back on the entity.</summary>
        public void InsertOne(Campaign campaign)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            Insert(campaign);
            transaction.Commit();
            _insert.Transaction = null;
        }

        /// <summary>Inserts one row in autocommit mode (the INSERT is its own transaction); the key comes back on the entity.</summary>
        public void InsertOneAutocommit(Campaign campaign) => Insert(campaign);

        /// <summary>Inserts all rows in one transaction with the one prepared command; keys come back on the entities.</summary>
        public void InsertMany(List<Campaign> campaigns)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            foreach (var campaign in campaigns) Insert(campaign);
            transaction.Commit();
            _insert.Transaction = null;
        }

        private void Insert(Campaign campaign)
        {
            _iClient.Value = campaign.ClientId;
            _iName.Value = campaign.Name;
            _iStatus.Value = (long)campaign.Status;
            _iBudget.Value = campaign.Budget;
            _iCreated.Value = campaign.CreatedAt.ToString(BenchmarkDatabase.StoredDateFormat, System.Globalization.CultureInfo.InvariantCulture);
            _iSlug.Value = (object?)campaign.Slug ?? DBNull.Value;
            using var reader = _insert.ExecuteReader();
            reader.Read();
            campaign.Id = reader.GetInt64(0);
            // Step the statement to SQLITE_DONE: SQLite runs the WAL hook (wal_autocheckpoint) only when sqlite3_step
            // returns DONE on an autocommit statement; a RETURNING statement reset after its row commits without it, and
            // the WAL then grows without a checkpoint for as long as inserts run.
            reader.Read();
        }

        public bool Update(Campaign campaign)
        {
            _uClient.Value = campaign.ClientId;
            _uName.Value = campaign.Name;
            _uStatus.Value = (long)campaign.Status;
            _uBudget.Value = campaign.Budget;
            _uCreated.Value = campaign.CreatedAt.ToString(BenchmarkDatabase.StoredDateFormat, System.Globalization.CultureInfo.InvariantCulture);
            _uSlug.Value = (object?)campaign.Slug ?? DBNull.Value;
            _uId.Value = campaign.Id;
            return _update.ExecuteNonQuery() == 1;
        }

        private static Campaign Read(SqliteDataReader reader) => new Campaign
        {
            Id = reader.GetInt64(0),
            ClientId = reader.GetInt64(1),
            Name = reader.GetString(2),
            Status = (CampaignStatus)reader.GetInt64(3),
            Budget = reader.GetDouble(4),
            CreatedAt = reader.GetDateTime(5),
            Slug = reader.IsDBNull(6) ? null : reader.GetString(6),
        };

        public void Dispose()
        {
            _getById.Dispose();
            _findByClient.Dispose();
            _insert.Dispose();
            _update.Dispose();
        }
    }
}
