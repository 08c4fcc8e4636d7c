using BenchmarkDotNet.Attributes;

namespace OmniSqlite.Benchmarks.Crud
{
    /// <summary>
    /// The one-row insert suites' input: entity objects from a pool built in setup (key reset to 0 before each use), so
    /// Allocated counts the data-access layer only.
    /// <para>
    /// Every iteration is exactly <see cref="InsertsPerIteration"/> inserts from the same file state: the seeded rows,
    /// the previous iteration's rows deleted, the WAL checkpointed and truncated (<see cref="BenchmarkDatabase.ResetWrites"/>,
    /// untimed). Without it each contender's process measured a different file: BenchmarkDotNet's pilot picks the
    /// invocation count from the contender's own speed, and the table grew by that many rows per iteration for the whole
    /// process, so no two contenders measured the same number of rows, pages or checkpoints. With a fixed count from a fixed
    /// state every contender writes the same bytes and runs its WAL checkpoints (wal_autocheckpoint, with their fsyncs) at
    /// the same inserts; <c>--insert-probe</c> shows the syscalls are then identical per insert for every contender.
    /// </para>
    /// </summary>
    [InvocationCount(InsertsPerIteration)]
    public abstract class InsertOneBenchmarkBase : CrudBenchmarkBase
    {
        /// <summary>About 0.2-1 s per iteration at 25-100 us per insert; a multiple of BenchmarkDotNet's unroll factor (16).</summary>
        public const int InsertsPerIteration = 8192;

        private List<Campaign> _pool = new();
        private int _next;

        protected override void AfterSetup() => _pool = BenchmarkDatabase.MakeBatch(1024, BenchmarkDatabase.SeedRows);

        /// <summary>Untimed: back to the seeded rows with an empty WAL, and the same pool position, before every iteration.</summary>
        [IterationSetup]
        public void ResetInserts()
        {
            Database.ResetWrites();
            _next = 0;
        }

        protected Campaign Next()
        {
            var campaign = _pool[_next];
            _next = (_next + 1) & 1023;
            campaign.Id = 0;
            return campaign;
        }
    }
}
