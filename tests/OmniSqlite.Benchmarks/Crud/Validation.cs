using Microsoft.Data.Sqlite;
using OmniSqlite.Benchmarks.Crud.Contenders;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// <c>--validate</c>: runs every workload once per contender on its own fresh database and checks that all
    /// contenders leave byte-identical tables and return the same rows, without timing anything. Run it after
    /// changing a contender or the generator: a benchmark of code that does different work measures nothing.
    /// </summary>
    public static class Validation
    {
        private sealed record Ops(Func<long, Campaign?> GetById, Func<long, List<Campaign>> FindByClientId, Action<Campaign> InsertOne, Action<Campaign> InsertOneAutocommit,
            Action<List<Campaign>> InsertMany, Func<Campaign, bool> Update, IDisposable Store, string Profile);

        public static int Run(TextWriter output)
        {
            string? reference = null;
            var failures = 0;
            foreach (var contender in new[] { "HandWritten", "Raw", "Generated", "Dapper", "SqliteNet", "EfCore" })
            {
                using var database = BenchmarkDatabase.Create(contender);
                using var connection = database.OpenConnection();
                var ops = Create(contender, database, connection);
                try
                {
                    BenchmarkDatabase.VerifyProfile(contender, ops.Profile);
                    var first = database.ShuffledIds[0];
                    var byId = ops.GetById(first) ?? throw new InvalidOperationException($"{contender}: GetById({first}) found nothing.");
                    Expect.SameRow(contender, BenchmarkDatabase.MakeCampaign((int)(first - 1)), byId);
                    if (ops.GetById(-1) is not null) throw new InvalidOperationException($"{contender}: GetById(-1) found a row.");
                    var found = ops.FindByClientId(7);
                    if (found.Count < 90 || found.Count > 110) throw new InvalidOperationException($"{contender}: FindByClientId(7) returned {found.Count} rows.");

                    var one = BenchmarkDatabase.MakeCampaign(BenchmarkDatabase.SeedRows);
                    ops.InsertOne(one);
                    if (one.Id != database.MaxSeedId + 1) throw new InvalidOperationException($"{contender}: InsertOne set key {one.Id}, expected {database.MaxSeedId + 1}.");
                    var autocommit = BenchmarkDatabase.MakeCampaign(BenchmarkDatabase.SeedRows + 1);
                    ops.InsertOneAutocommit(autocommit);
                    if (autocommit.Id != one.Id + 1) throw new InvalidOperationException($"{contender}: InsertOneAutocommit set key {autocommit.Id}, expected {one.Id + 1}.");
                    var many = BenchmarkDatabase.MakeBatch(500, BenchmarkDatabase.SeedRows + 2);
                    ops.InsertMany(many);
                    if (many[^1].Id != autocommit.Id + 500) throw new InvalidOperationException($"{contender}: InsertMany set last key {many[^1].Id}, expected {one.Id + 500}.");
                    var update = BenchmarkDatabase.MakeCampaign((int)(first - 1));
                    update.Id = first;
                    update.Budget += 1;
                    update.Slug = null;
                    if (!ops.Update(update)) throw new InvalidOperationException($"{contender}: Update({first}) reported no row.");
                }
                finally
                {
                    ops.Store.Dispose();
                }

                var dump = Dump(connection);
                if (reference is null) reference = dump;
                else if (dump != reference)
                {
                    failures++;
                    output.WriteLine($"FAIL {contender}: the table differs from HandWritten's after the same operations.");
                    continue;
                }
                output.WriteLine($"ok   {contender}: profile {ops.Profile}, {dump.Length} bytes of table text identical");
            }
            output.WriteLine($"{6 - failures} passed, {failures} failed");
            return failures == 0 ? 0 : 1;
        }

        private static Ops Create(string contender, BenchmarkDatabase database, SqliteConnection connection)
        {
            var profile = BenchmarkDatabase.ReadProfile(connection);
            switch (contender)
            {
                case "HandWritten": { var s = new HandWrittenStore(connection); return new Ops(s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update, s, profile); }
                case "Raw": { var s = new RawStore(connection); return new Ops(s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update, s, profile); }
                case "Generated": { var s = new GeneratedStore(connection); return new Ops(s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update, s, profile); }
                case "Dapper": { var s = new DapperStore(connection); return new Ops(s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update, s, profile); }
                case "EfCore": { var s = new EfCoreStore(connection); return new Ops(s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update, s, profile); }
                default: { var s = new SqliteNetStore(database.Path); return new Ops(s.GetById, s.FindByClientId, s.InsertOne, s.InsertOneAutocommit, s.InsertMany, s.Update, s, s.Profile()); }
            }
        }

        /// <summary>Every row as SQLite stores it: storage class and value of each column.</summary>
        private static string Dump(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, typeof(client_id) || ':' || client_id, typeof(name) || ':' || name, typeof(status) || ':' || status, " +
                "typeof(budget) || ':' || budget, typeof(created_at) || ':' || created_at, typeof(slug) || ':' || ifnull(slug, '') FROM campaigns ORDER BY id";
            using var reader = command.ExecuteReader();
            var text = new System.Text.StringBuilder();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.GetString(i)).Append('|');
                text.Append('\n');
            }
            return text.ToString();
        }
    }
}
