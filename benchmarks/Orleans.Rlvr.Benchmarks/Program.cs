using BenchmarkDotNet.Running;
using Orleans.Rlvr.Benchmarks;

// BenchmarkDotNet:  dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- --filter '*'
// Ratios report:    dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- perf-report [repeats] [threads] [--json]
// Orchestration:    dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- orchestration [steps] [calls]
// Across containers: dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- orchestration-cluster [steps]   (Docker + build/images.sh)
// Step scaling:     dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- scaling [repeats]
// Silo scaling:     dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- silo-scaling [steps] [--json]
// Decode profile:   dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- profile [threads]
// HF decoder:       dotnet run -c Release --project benchmarks/Orleans.Rlvr.Benchmarks -- hf-decoder [repeats] [--json]
if (args.Length > 0 && args[0] == "perf-report")
{
    return PerformanceReport.Run(args);
}

if (args.Length > 0 && args[0] == "hf-decoder")
{
    return DecoderReport.Run(args);
}

if (args.Length > 0 && args[0] == "profile")
{
    return ProfileReport.Run(args);
}

if (args.Length > 0 && args[0] == "scaling")
{
    return ScalingReport.Run(args);
}

if (args.Length > 0 && args[0] == "silo-scaling")
{
    return await SiloScalingReport.RunAsync(args);
}

if (args.Length > 0 && args[0] == "orchestration-cluster")
{
    return await ClusterOrchestrationReport.RunAsync(args);
}

if (args.Length > 0 && args[0] == "orchestration")
{
    return await OrchestrationReport.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
