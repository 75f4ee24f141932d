using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Hosting;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `orchestration`: runs a sweep on an embedded silo (one tensor thread, so engine work never overlaps) and reports
/// the share of its wall time that no tensor job was running: the cost of the grains, their calls, storage writes
/// and scheduling (target ≤ 2%). Then the median round trip of grain calls, from a client in the same process.
/// A warm-up sweep first builds the warm starts and JIT-compiles everything, so neither is counted.
/// </summary>
public static class OrchestrationReport
{
    public static async Task<int> RunAsync(string[] args)
    {
        var steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        var root = Path.Combine(Path.GetTempPath(), "rlvr-orchestration-" + Guid.NewGuid().ToString("N")[..8]);
        using var host = BuildHost(root);
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var tensors = host.Services.GetRequiredService<TensorWorkQueue>();
            var spec = new SweepSpec
            {
                Name = "orchestration",
                Preset = "smoke",
                Aggregators = ["grpo", "delta-l"],
                Seeds = [1, 2],
                MaxConcurrentRuns = 2,
            };

            Console.WriteLine("warm-up sweep (warm starts, JIT) ...");
            await RunSweep(client, "warm-up", spec with { Steps = 1 });

            var batcher = host.Services.GetRequiredService<RolloutBatcher>();
            var batchesBefore = batcher.Counts;
            var before = tensors.Statistics;
            var clock = Stopwatch.StartNew();
            var statusCalls = new List<double>();
            var status = await RunSweep(client, "measured", spec with { Steps = steps }, statusCalls);
            clock.Stop();
            var work = tensors.Statistics.Since(before);
            var batches = (batcher.Counts.Batches - batchesBefore.Batches, batcher.Counts.Requests - batchesBefore.Requests);
            var wall = clock.Elapsed;
            var outside = wall - work.Busy;
            var totalSteps = status.Runs.Sum(r => r.Step);

            Console.WriteLine(Invariant($"sweep: {status.Runs.Count} smoke runs x {steps} steps ({totalSteps} steps in all, 2 at a time), 1 tensor thread, file grain storage"));
            Console.WriteLine(Invariant($"wall time                            {wall.TotalSeconds,10:F2} s"));
            Console.WriteLine(Invariant($"engine (tensor jobs running)         {work.Busy.TotalSeconds,10:F2} s   {work.Jobs} jobs, {work.JobTime.TotalMilliseconds / Math.Max(1, work.Jobs):F1} ms each"));
            Console.WriteLine(Invariant($"orchestration (no tensor job)        {outside.TotalSeconds,10:F2} s   = {outside / wall:P2} of wall time (target <= 2%)"));
            Console.WriteLine(Invariant($"per step: {wall.TotalMilliseconds / totalSteps:F1} ms wall, {outside.TotalMilliseconds / totalSteps:F1} ms outside the engine"));
            statusCalls.Sort();
            Console.WriteLine(Invariant($"ISweepGrain.GetStatus while learners step: median {statusCalls[statusCalls.Count / 2]:F2} ms, p99 {statusCalls[(int)(statusCalls.Count * 0.99)]:F2} ms, max {statusCalls[^1]:F2} ms ({statusCalls.Count} calls)"));
            Console.WriteLine(Invariant($"rollouts: {batches.Item2} group requests sampled in {batches.Item1} batched calls ({(double)batches.Item2 / Math.Max(1, batches.Item1):F1} groups per call)"));

            // The same run in one process (the Trainer: B×G rollouts batched in one sampler call) against the grains'
            // pipeline (one rollout job per prompt group), per step: the price of the grain design beyond its calls.
            var run = SweepPlan.Expand("single", spec with { Steps = steps, Aggregators = ["grpo"], Seeds = [1] })[0];
            var options = SweepPlan.Options(run);
            var single = Stopwatch.StartNew();
            var trainer = new Trainer(options, RlvrTasks.Create(options), tensors.Device, Path.Combine(root, "single"), new WarmStartCache(Path.Combine(root, "warm-start")));
            trainer.Run();
            single.Stop();
            var trainerStep = single.Elapsed.TotalMilliseconds / steps;
            Console.WriteLine(Invariant($"same run in one process (Trainer):  {trainerStep,8:F1} ms per step -> sweep step / Trainer step = {wall.TotalMilliseconds / totalSteps / trainerStep:F2}"));

            await GrainCalls(client, status, calls);
            return 0;
        }
        finally
        {
            await host.StopAsync();
            TryDelete(root);
        }
    }

    /// <summary>Runs the sweep to the end, polling its status every 50 ms; each poll's round trip (ms) goes to <paramref name="statusCalls"/>.</summary>
    private static async Task<SweepStatus> RunSweep(IClusterClient client, string name, SweepSpec spec, List<double>? statusCalls = null)
    {
        var sweep = client.GetGrain<ISweepGrain>($"{name}-{Guid.NewGuid():N}"[..24]);
        var status = await sweep.Start(spec);
        while (status.State == SweepState.Running)
        {
            await Task.Delay(50);
            var start = Stopwatch.GetTimestamp();
            status = await sweep.GetStatus();
            statusCalls?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        if (status.Runs.Any(r => r.Status != RunStatus.Completed))
        {
            throw new InvalidOperationException($"sweep {status.SweepId} did not complete: {string.Join(", ", status.Runs.Select(r => $"{r.RunId} {r.Status} {r.Error}"))}");
        }

        return status;
    }

    /// <summary>Median round trips of representative calls: a small read, the sweep's status, and a run's full report (every step's metrics).</summary>
    private static async Task GrainCalls(IClusterClient client, SweepStatus status, int calls)
    {
        var run = status.Runs[0];
        var experiment = client.GetGrain<IExperimentGrain>(run.RunId);
        var sweep = client.GetGrain<ISweepGrain>(status.SweepId);
        Console.WriteLine(Invariant($"grain calls (client in the silo's process; median of {calls}):"));
        Console.WriteLine(Invariant($"  IExperimentGrain.GetSnapshot               {await Median(calls, () => experiment.GetSnapshot()),8:F1} µs"));
        Console.WriteLine(Invariant($"  ISweepGrain.GetStatus ({status.Runs.Count} runs)             {await Median(calls, () => sweep.GetStatus()),8:F1} µs"));
        Console.WriteLine(Invariant($"  IExperimentGrain.GetReport ({run.Step} steps)        {await Median(calls, () => experiment.GetReport()),8:F1} µs"));
    }

    private static async Task<double> Median<T>(int calls, Func<Task<T>> call)
    {
        for (var i = 0; i < Math.Min(100, calls); i++)
        {
            await call();
        }

        var micros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(micros);
        return micros[calls / 2];
    }

    private static IHost BuildHost(string root)
    {
        var siloPort = LocalPorts.Free();
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Clustering"] = "Localhost",
            ["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = LocalPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Checkpoints:Root"] = root,
            ["Storage:Provider"] = "File",
            ["Rlvr:TensorThreads"] = "1",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseRlvrCluster(configuration));
        return builder.Build();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
