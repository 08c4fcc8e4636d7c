using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*'          (full)
// dotnet run -c Release --project tests/OmniSqlite.Benchmarks -- --filter '*' --job short   (a few minutes)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
