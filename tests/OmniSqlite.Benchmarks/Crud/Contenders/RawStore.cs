using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OmniSqlite.Benchmarks.Crud.Contenders
{
    /// <summary>
    /// The physical floor: hand-written SQLitePCL.raw on the connection's native handle. Every statement prepared once
    /// (sqlite3_prepare_v3, SQLITE_PREPARE_PERSISTENT), typed binds (text encoded to UTF-8 on the stack, the database's
    /// encoding, so SQLite copies it once; DateTime formatted into a stack buffer), typed column reads, reset after each
    /// use; the insert key from sqlite3_last_insert_rowid (no RETURNING row). No error translation beyond a check, no busy
    /// retry, no telemetry: what nothing can beat.
    /// </summary>
    public sealed class RawStore : IDisposable
    {
        private const string Columns = "id, client_id, name, status, budget, created_at, slug";
        private const string DateFormat = BenchmarkDatabase.StoredDateFormat;
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _getById, _findByClient, _insert, _update, _begin, _commit;

        public RawStore(SqliteConnection connection)
        {
            _db = connection.Handle!;
            _getById = Prepare("SELECT " + Columns + " FROM campaigns WHERE id = ?1");
            _findByClient = Prepare("SELECT " + Columns + " FROM campaigns WHERE client_id = ?1");
            _insert = Prepare("INSERT INTO campaigns (client_id, name, status, budget, created_at, slug) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            _update = Prepare("UPDATE campaigns SET client_id = ?1, name = ?2, status = ?3, budget = ?4, created_at = ?5, slug = ?6 WHERE id = ?7");
            _begin = Prepare("BEGIN IMMEDIATE");
            _commit = Prepare("COMMIT");
        }

        private sqlite3_stmt Prepare(string sql)
        {
            Check(raw.sqlite3_prepare_v3(_db, sql, (uint)raw.SQLITE_PREPARE_PERSISTENT, out var stmt));
            return stmt;
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK && rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }

        private void Run(sqlite3_stmt stmt)
        {
            Check(raw.sqlite3_step(stmt));
            raw.sqlite3_reset(stmt);
        }

        public Campaign? GetById(long id)
        {
            raw.sqlite3_bind_int64(_getById, 1, id);
            try { return raw.sqlite3_step(_getById) == raw.SQLITE_ROW ? Read(_getById) : null; }
            finally { raw.sqlite3_reset(_getById); raw.sqlite3_clear_bindings(_getById); }
        }

        public List<Campaign> FindByClientId(long clientId)
        {
            raw.sqlite3_bind_int64(_findByClient, 1, clientId);
            var list = new List<Campaign>();
            try
            {
                int rc;
                while ((rc = raw.sqlite3_step(_findByClient)) == raw.SQLITE_ROW) list.Add(Read(_findByClient));
                Check(rc);
            }
            finally { raw.sqlite3_reset(_findByClient); raw.sqlite3_clear_bindings(_findByClient); }
            return list;
        }

        /// <summary>BEGIN IMMEDIATE, one INSERT (key back on the entity), COMMIT: all prepared.</summary>
        public void InsertOne(Campaign campaign)
        {
            Run(_begin);
            Insert(campaign);
            Run(_commit);
        }

        /// <summary>One INSERT in autocommit mode (SQLite wraps it in its own transaction), key back on the entity.</summary>
        public void InsertOneAutocommit(Campaign campaign) => Insert(campaign);

        /// <summary>The loop the issue names as InsertMany's goal: one prepared single-row INSERT per row inside one transaction.</summary>
        public void InsertMany(List<Campaign> campaigns)
        {
            Run(_begin);
            foreach (var campaign in campaigns) Insert(campaign);
            Run(_commit);
        }

        private void Insert(Campaign campaign)
        {
            BindRow(_insert, campaign);
            try
            {
                Check(raw.sqlite3_step(_insert));
                campaign.Id = raw.sqlite3_last_insert_rowid(_db);
            }
            finally { raw.sqlite3_reset(_insert); }
        }

        public bool Update(Campaign campaign)
        {
            BindRow(_update, campaign);
            raw.sqlite3_bind_int64(_update, 7, campaign.Id);
            try
            {
                Check(raw.sqlite3_step(_update));
                return raw.sqlite3_changes(_db) == 1;
            }
            finally { raw.sqlite3_reset(_update); raw.sqlite3_clear_bindings(_update); }
        }

        private static void BindRow(sqlite3_stmt stmt, Campaign campaign)
        {
            raw.sqlite3_bind_int64(stmt, 1, campaign.ClientId);
            BindText(stmt, 2, campaign.Name);
            raw.sqlite3_bind_int64(stmt, 3, (long)campaign.Status);
            raw.sqlite3_bind_double(stmt, 4, campaign.Budget);
            Span<byte> date = stackalloc byte[32];
            campaign.CreatedAt.TryFormat(date, out int n, DateFormat, CultureInfo.InvariantCulture);
            raw.sqlite3_bind_text(stmt, 5, date.Slice(0, n));
            if (campaign.Slug is null) raw.sqlite3_bind_null(stmt, 6);
            else BindText(stmt, 6, campaign.Slug);
        }

        /// <summary>Non-empty text of up to 128 chars (the benchmark's), as UTF-8 from the stack.</summary>
        private static void BindText(sqlite3_stmt stmt, int index, string value)
        {
            Span<byte> utf8 = stackalloc byte[384];
            raw.sqlite3_bind_text(stmt, index, utf8.Slice(0, Encoding.UTF8.GetBytes(value, utf8)));
        }

        private static Campaign Read(sqlite3_stmt stmt)
        {
            Span<char> date = stackalloc char[32];
            int n = Encoding.UTF8.GetChars(raw.sqlite3_column_blob(stmt, 5), date);
            return new Campaign
            {
                Id = raw.sqlite3_column_int64(stmt, 0),
                ClientId = raw.sqlite3_column_int64(stmt, 1),
                Name = raw.sqlite3_column_text(stmt, 2).utf8_to_string(),
                Status = (CampaignStatus)raw.sqlite3_column_int64(stmt, 3),
                Budget = raw.sqlite3_column_double(stmt, 4),
                CreatedAt = DateTime.Parse(date.Slice(0, n), CultureInfo.InvariantCulture),
                Slug = raw.sqlite3_column_type(stmt, 6) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(stmt, 6).utf8_to_string(),
            };
        }

        public void Dispose()
        {
            foreach (var stmt in new[] { _getById, _findByClient, _insert, _update, _begin, _commit }) stmt.Dispose();
        }
    }
}
