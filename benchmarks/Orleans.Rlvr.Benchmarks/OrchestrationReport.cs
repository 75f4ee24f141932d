using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Hosting;
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
            var spec = Spec(steps);

            Console.WriteLine("warm-up sweep (warm starts, JIT), then the measured sweep ...");
            var measured = await SweepMeasurement.Run(client, spec);
            var silo = measured.Silos.Single();
            var wall = measured.Wall;
            var outside = wall - silo.Busy;
            var status = measured.Status;
            var totalSteps = status.Runs.Sum(r => r.Step);

            Console.WriteLine(Invariant($"sweep: {status.Runs.Count} smoke runs x {steps} steps ({totalSteps} steps in all, 2 at a time), 1 tensor thread, file grain storage"));
            Console.WriteLine(Invariant($"wall time                            {wall.TotalSeconds,10:F2} s"));
            Console.WriteLine(Invariant($"engine (tensor jobs running)         {silo.Busy.TotalSeconds,10:F2} s   {silo.Jobs} jobs, {silo.JobTime.TotalMilliseconds / Math.Max(1, silo.Jobs):F1} ms each"));
            Console.WriteLine(Invariant($"orchestration (no tensor job)        {outside.TotalSeconds,10:F2} s   = {outside / wall:P2} of wall time (target <= 2%)"));
            Console.WriteLine(Invariant($"per step: {wall.TotalMilliseconds / totalSteps:F1} ms wall, {outside.TotalMilliseconds / totalSteps:F1} ms outside the engine"));
            var polls = measured.StatusCallMilliseconds;
            Console.WriteLine(Invariant($"ISweepGrain.GetStatus while learners step: median {measured.MedianStatusCall:F2} ms, p99 {polls[(int)(polls.Count * 0.99)]:F2} ms, max {polls[^1]:F2} ms ({polls.Count} calls)"));
            Console.WriteLine(Invariant($"rollouts: {silo.RolloutRequests} group requests sampled in {silo.RolloutBatches} batched calls ({(double)silo.RolloutRequests / Math.Max(1, silo.RolloutBatches):F1} groups per call)"));

            // The same run in one process (the Trainer: B×G rollouts batched in one sampler call) against the grains'
            // pipeline (one rollout job per prompt group), per step: the price of the grain design beyond its calls.
            var run = SweepPlan.Expand("single", spec with { Aggregators = ["grpo"], Seeds = [1] })[0];
            var options = run.Options;
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

    /// <summary>The measured sweep: two aggregators × two seeds on the smoke preset, two runs at a time.</summary>
    public static SweepSpec Spec(int steps) => new()
    {
        Name = "orchestration",
        Preset = "smoke",
        Aggregators = ["grpo", "delta-l"],
        Seeds = [1, 2],
        MaxConcurrentRuns = 2,
        Steps = steps,
    };

    /// <summary>An embedded silo (localhost clustering, file grain storage under <paramref name="root"/>, one tensor thread) with a co-hosted client.</summary>
    public static IHost BuildHost(string root) => BuildHost(root, LocalPorts.Free(), primarySiloPort: null);

    /// <summary>
    /// A silo of a localhost cluster in this process, listening on <paramref name="siloPort"/>: the primary when
    /// <paramref name="primarySiloPort"/> is null, else a member joining the primary on that port. One tensor thread
    /// and one LibTorch thread, file grain storage under <paramref name="root"/> (shared by every silo of the process).
    /// </summary>
    public static IHost BuildHost(string root, int siloPort, int? primarySiloPort)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Clustering"] = "Localhost",
            ["Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:PrimarySiloPort"] = (primarySiloPort ?? siloPort).ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = LocalPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Checkpoints:Root"] = root,
            ["Storage:Provider"] = "File",
            ["Rlvr:TensorThreads"] = "1",
            ["Torch:Threads"] = "1",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo.UseRlvrCluster(configuration));
        return builder.Build();
    }

    /// <summary>Deletes a benchmark's scratch folder, leaving it if a file is still in use.</summary>
    public static void TryDelete(string folder)
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
