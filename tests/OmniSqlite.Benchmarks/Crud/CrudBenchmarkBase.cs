using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using OmniSqlite.Benchmarks.Crud.Contenders;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// Shared setup of the CRUD suites. BenchmarkDotNet runs each benchmark method in its own process, so each
    /// setup builds only the contender its method measures, on its own freshly seeded database file, and checks
    /// that the connection runs the profile and that a point read and an indexed read return the seeded rows.
    /// Method names are the contender names: HandWritten (the baseline), Raw (SQLitePCL.raw cached statements, the
    /// physical floor), Generated (the native path), Dapper, SqliteNet, EfCore.
    /// </summary>
    [MemoryDiagnoser]
    public abstract class CrudBenchmarkBase
    {
        protected BenchmarkDatabase Database = null!;
        protected SqliteConnection? Connection;
        protected HandWrittenStore HandWrittenStore = null!;
        protected GeneratedStore GeneratedStore = null!;
        protected DapperStore DapperStore = null!;
        protected SqliteNetStore SqliteNetStore = null!;
        protected EfCoreStore EfCoreStore = null!;
        protected RawStore RawStore = null!;
        private IDisposable? _store;

        [GlobalSetup(Target = "HandWritten")]
        public void SetupHandWritten() { Open("HandWritten"); _store = HandWrittenStore = new HandWrittenStore(Connection!); Check("HandWritten", HandWrittenStore.GetById, HandWrittenStore.FindByClientId); }

        [GlobalSetup(Target = "Generated")]
        public void SetupGenerated() { Open("Generated"); _store = GeneratedStore = new GeneratedStore(Connection!); Check("Generated", GeneratedStore.GetById, GeneratedStore.FindByClientId); }

        [GlobalSetup(Target = "Raw")]
        public void SetupRaw() { Open("Raw"); _store = RawStore = new RawStore(Connection!); Check("Raw", RawStore.GetById, RawStore.FindByClientId); }

        [GlobalSetup(Target = "Dapper")]
        public void SetupDapper() { Open("Dapper"); _store = DapperStore = new DapperStore(Connection!); Check("Dapper", DapperStore.GetById, DapperStore.FindByClientId); }

        [GlobalSetup(Target = "SqliteNet")]
        public void SetupSqliteNet()
        {
            Database = BenchmarkDatabase.Create("SqliteNet");
            _store = SqliteNetStore = new SqliteNetStore(Database.Path);
            BenchmarkDatabase.VerifyProfile("SqliteNet", SqliteNetStore.Profile());
            Check("SqliteNet", SqliteNetStore.GetById, SqliteNetStore.FindByClientId);
        }

        [GlobalSetup(Target = "EfCore")]
        public void SetupEfCore() { Open("EfCore"); _store = EfCoreStore = new EfCoreStore(Connection!); Check("EfCore", EfCoreStore.GetById, EfCoreStore.FindByClientId); }

        [GlobalCleanup]
        public void Cleanup()
        {
            _store?.Dispose();
            Connection?.Dispose();
            Database?.Dispose();
        }

        /// <summary>Suites prepare their inputs here (after the database and the contender exist).</summary>
        protected virtual void AfterSetup() { }

        private void Open(string contender)
        {
            Database = BenchmarkDatabase.Create(contender);
            Connection = Database.OpenConnection();
            BenchmarkDatabase.VerifyProfile(contender, BenchmarkDatabase.ReadProfile(Connection));
        }

        private void Check(string contender, Func<long, Campaign?> getById, Func<long, List<Campaign>> findByClient)
        {
            Expect.SameRow(contender, BenchmarkDatabase.MakeCampaign(0), getById(Database.ShuffledIds.Min()));
            var rows = findByClient(1);
            var expected = Enumerable.Range(0, BenchmarkDatabase.SeedRows).Where(i => BenchmarkDatabase.MakeCampaign(i).ClientId == 1).ToList();
            if (rows.Count != expected.Count)
                throw new InvalidOperationException($"{contender}: FindByClientId(1) returned {rows.Count} rows, expected {expected.Count}.");
            foreach (var row in rows) Expect.SameRow(contender, BenchmarkDatabase.MakeCampaign((int)(row.Id - 1)), row);
            AfterSetup();
        }
    }

    internal static class Expect
    {
        /// <summary>Throws unless <paramref name="actual"/> holds the values of <paramref name="expected"/> (the key aside).</summary>
        public static void SameRow(string contender, Campaign expected, Campaign? actual)
        {
            if (actual is null) throw new InvalidOperationException($"{contender}: expected a row, got none.");
            if (actual.ClientId != expected.ClientId || actual.Name != expected.Name || actual.Status != expected.Status
                || actual.Budget != expected.Budget || actual.CreatedAt.Ticks != expected.CreatedAt.Ticks || actual.Slug != expected.Slug)
                throw new InvalidOperationException(
                    $"{contender}: row {actual.Id} reads back as ({actual.ClientId}, {actual.Name}, {actual.Status}, {actual.Budget}, {actual.CreatedAt:O}, {actual.Slug ?? "null"}), " +
                    $"expected ({expected.ClientId}, {expected.Name}, {expected.Status}, {expected.Budget}, {expected.CreatedAt:O}, {expected.Slug ?? "null"}).");
        }
    }
}
