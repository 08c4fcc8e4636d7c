using Microsoft.Data.Sqlite;

namespace OmniSqlite.Benchmarks.Crud.Contenders
{
    /// <summary>The generated CampaignRepository, used the way its docs say: one repository per open connection.</summary>
    public sealed class GeneratedStore : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly CampaignRepository _repository;

        public GeneratedStore(SqliteConnection connection)
        {
            _connection = connection;
            _repository = new CampaignRepository(connection);
        }

        public Campaign? GetById(long id) => _repository.GetById(id);

        public List<Campaign> FindByClientId(long clientId) => _repository.FindByClientId(clientId);

        public void InsertOne(Campaign campaign)
        {
            // OmniSqlite's write transaction on the native handle (the repository runs inside it with no transaction set).
            using var scope = _connection.BeginWriteScope();
            _repository.Insert(campaign);
            scope.Commit();
        }

        /// <summary>The repository's Insert with no transaction set: the INSERT runs in autocommit mode, its own transaction.</summary>
        public void InsertOneAutocommit(Campaign campaign) => _repository.Insert(campaign);

        /// <summary>InsertMany opens its own BEGIN IMMEDIATE transaction and reuses one command.</summary>
        public void InsertMany(List<Campaign> campaigns) => _repository.InsertMany(campaigns);

        public bool Update(Campaign campaign) => _repository.Update(campaign);

        public void Dispose() => _repository.Dispose();
    }
}
