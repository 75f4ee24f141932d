using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
