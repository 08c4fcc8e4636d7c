using Dapper;
using Microsoft.Data.Sqlite;

namespace OmniSqlite.Benchmarks.Crud.Contenders
{
    /// <summary>Dapper as its README shows it: SQL text, an object for the parameters, mapping by column name.</summary>
    public sealed class DapperStore : IDisposable
    {
        private const string Select = "SELECT id, client_id, name, status, budget, created_at, slug FROM campaigns";
        private const string InsertSql = "INSERT INTO campaigns (client_id, name, status, budget, created_at, slug) VALUES (@ClientId, @Name, @Status, @Budget, @CreatedAt, @Slug) RETURNING id";
        private const string UpdateSql = "UPDATE campaigns SET client_id = @ClientId, name = @Name, status = @Status, budget = @Budget, created_at = @CreatedAt, slug = @Slug WHERE id = @Id";
        private readonly SqliteConnection _connection;

        static DapperStore()
        {
            DefaultTypeMap.MatchNamesWithUnderscores = true;   // client_id -> ClientId
            // Dapper maps DateTime itself unless the built-in map is removed first.
            SqlMapper.RemoveTypeMap(typeof(DateTime));
            SqlMapper.AddTypeHandler(new StoredDateHandler());
        }

        /// <summary>created_at in the form every contender stores (<see cref="BenchmarkDatabase.StoredDateFormat"/>), Dapper's documented way.</summary>
        private sealed class StoredDateHandler : SqlMapper.TypeHandler<DateTime>
        {
            public override void SetValue(System.Data.IDbDataParameter parameter, DateTime value)
                => parameter.Value = value.ToString(BenchmarkDatabase.StoredDateFormat, System.Globalization.CultureInfo.InvariantCulture);

            public override DateTime Parse(object value) => value is DateTime d ? d : DateTime.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture);
        }

        public DapperStore(SqliteConnection connection) => _connection = connection;

        public Campaign? GetById(long id)
            => _connection.QuerySingleOrDefault<Campaign>(Select + " WHERE id = @id", new { id });

        public List<Campaign> FindByClientId(long clientId)
            => _connection.Query<Campaign>(Select + " WHERE client_id = @clientId", new { clientId }).AsList();

        public void InsertOne(Campaign campaign)
        {
            using var transaction = _connection.BeginTransaction();
            campaign.Id = _connection.ExecuteScalar<long>(InsertSql, campaign, transaction);
            transaction.Commit();
        }

        /// <summary>One ExecuteScalar with no transaction: autocommit, the INSERT is its own transaction.</summary>
        public void InsertOneAutocommit(Campaign campaign) => campaign.Id = _connection.ExecuteScalar<long>(InsertSql, campaign);

        /// <summary>Keys must come back, so one ExecuteScalar per row (Execute(sql, list) would not return them).</summary>
        public void InsertMany(List<Campaign> campaigns)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var campaign in campaigns)
                campaign.Id = _connection.ExecuteScalar<long>(InsertSql, campaign, transaction);
            transaction.Commit();
        }

        public bool Update(Campaign campaign) => _connection.Execute(UpdateSql, campaign) == 1;

        public void Dispose() { }
    }
}
