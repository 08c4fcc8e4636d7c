using System.Diagnostics;

namespace OmniSqlite.Benchmarks.Queries
{
    /// <summary>
    /// <c>--floor-query</c>: the [Query] JOIN of <see cref="QueryBenchmarks"/> in one process, every contender against the
    /// hand-written baseline, the way <c>--floor</c> pairs the CRUD suites: exact bytes per call
    /// (GC.GetAllocatedBytesForCurrentThread) and the median of per-round time ratios, the blocks alternating so that load
    /// from elsewhere slows both sides of a pair. An A/A control (the baseline against itself) shows the noise left.
    /// </summary>
    public static class QueryFloorCheck
    {
        private const int Block = 200, Rounds = 40;

        public static int Run(TextWriter output)
        {
            var suite = new QueryBenchmarks();
            suite.Setup();
            try
            {
                var contenders = new (string Name, Func<object> Call)[]
                {
                    ("HandWritten", suite.HandWritten), ("Raw", suite.Raw), ("Generated", suite.Generated), ("Dapper", suite.Dapper), ("EfCore", suite.EfCore),
                };
                output.WriteLine("plan: " + QueryBenchmarks.QueryPlan(suite.Connection, BenchmarkQueries.Sql.Replace("$clientId", "7", StringComparison.Ordinal)));
            foreach (var (_, call) in contenders) Warm(call);
                output.WriteLine("[Query] JOIN, 20 rows per call; time ratios are medians of per-round ratios (interquartile range in brackets).");
                output.WriteLine($"{"contender",-12} {"B/call",9}  {"/HandWritten",-22} {"A/A control",-22}");
                var baseline = contenders[0].Call;
                foreach (var (name, call) in contenders)
                {
                    var ratios = new List<double>();
                    var controls = new List<double>();
                    for (var round = 0; round < Rounds; round++)
                    {
                        double f, o, c;
                        if ((round & 1) == 0) { f = Time(baseline); o = Time(call); c = Time(baseline); }
                        else { c = Time(baseline); o = Time(call); f = Time(baseline); }
                        ratios.Add(o / f);
                        controls.Add(c / f);
                    }
                    output.WriteLine($"{name,-12} {Allocated(call),9:N0}  {Summary(ratios),-22} {Summary(controls)}");
                }
                return 0;
            }
            finally
            {
                suite.Cleanup();
            }
        }

        private static void Warm(Func<object> call)
        {
            var watch = Stopwatch.StartNew();
            for (var pass = 0; pass < 3; pass++)
            {
                while (watch.ElapsedMilliseconds < 400 * (pass + 1)) call();
                Thread.Sleep(200); // let tiered JIT install the optimized code
            }
        }

        private static double Allocated(Func<object> call)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++) call();
            return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;
        }

        private static double Time(Func<object> call)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Block; i++) call();
            return watch.Elapsed.TotalMilliseconds;
        }

        private static string Summary(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            return $"{sorted[sorted.Count / 2]:F3} ({sorted[sorted.Count / 4]:F2}-{sorted[sorted.Count * 3 / 4]:F2})";
        }
    }
}
