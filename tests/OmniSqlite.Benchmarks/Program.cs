using BenchmarkDotNet.Running;
using OmniSqlite.Benchmarks.Crud;

// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*'                (full)
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*Crud*' --job short   (a few minutes)
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --validate                  (no timing: every contender does the same work)
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --floor [all|Dapper|...] [HandWritten|Raw]  (generated, or peers, vs a floor: exact bytes/op, paired time ratio)
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --write-contention [seconds] [8,32]  (write latency percentiles, before/after)
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --migration-timing 10000 1000000  (Migrate wall time per row count)
if (args.Length >= 1 && args[0] == "--migration-timing") return OmniSqlite.Benchmarks.Schema.MigrationTiming.Run(Console.Out, args);
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --replication [seconds] [100,1000]  (replication: throughput cost, ship time, restore time; docs/replication.md)
if (args.Length >= 1 && args[0] == "--replication") return OmniSqlite.Benchmarks.ReplicationMeasure.Run(Console.Out, args);
if (args.Length >= 1 && args[0] == "--write-contention") return OmniSqlite.Benchmarks.Connections.WriteContention.Run(Console.Out, args);
if (args.Length == 1 && args[0] == "--validate") return Validation.Run(Console.Out);
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --floor-query   ([Query] JOIN: every contender vs hand-written, exact bytes/call, paired time ratio)
if (args.Length == 1 && args[0] == "--floor-query") return OmniSqlite.Benchmarks.Queries.QueryFloorCheck.Run(Console.Out);
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --insert-probe SqliteNet 20000  (one contender's InsertOneAutocommit as BDN sets it up: pragmas, files, us/insert)
if (args.Length is 2 or 3 && args[0] == "--insert-probe") return InsertProbe.Run(Console.Out, args[1], args.Length == 3 ? args[2] : "20000");
if (args.Length is 1 or 2 or 3 && args[0] == "--floor") return FloorCheck.Run(Console.Out, args.Length >= 2 ? args[1] : "Generated", args.Length == 3 ? args[2] : "HandWritten");
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
