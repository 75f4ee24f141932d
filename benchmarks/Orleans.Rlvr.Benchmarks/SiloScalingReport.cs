using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Rlvr.Hosting;
using Orleans.Rlvr.Sweeps;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `silo-scaling`: the same sweep on a localhost cluster of one silo and of two silos in this process, every silo with
/// one tensor thread and one LibTorch thread, and the runs per hour of each (the sweep's runs ÷ its wall time after a
/// warm-up sweep has built the warm starts and JIT-compiled everything). Target: two silos ≥ 1.8× one. With
/// <c>--json</c> the last line is <c>{"runsPerHour1":…,"runsPerHour2":…,"speedup":…}</c>.
/// </summary>
public static class SiloScalingReport
{
    public static async Task<int> RunAsync(string[] args)
    {
        var json = args.Contains("--json");
        var numbers = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var steps = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 8;
        var spec = Spec(steps);
        Console.WriteLine(Invariant($"sweep: {spec.Aggregators.Count * spec.Seeds.Count} runs of the {spec.Preset} preset x {steps} steps, all at once; one tensor thread and one LibTorch thread per silo"));

        var perHour = new double[2];
        var rows = new List<string>();
        var root = Path.Combine(Path.GetTempPath(), "rlvr-silo-scaling-" + Guid.NewGuid().ToString("N")[..8]);
        for (var silos = 1; silos <= 2; silos++)
        {
            // One checkpoint root for both clusters: the second reuses the first's warm starts (built by its warm-up).
            Console.WriteLine(Invariant($"{silos} silo(s): warm-up sweep, then the measured sweep ..."));
            var hosts = Cluster(root, silos);
            try
            {
                foreach (var host in hosts)
                {
                    await host.StartAsync();
                }

                var measured = await SweepMeasurement.Run(hosts[0].Services.GetRequiredService<IClusterClient>(), spec);
                var runs = measured.Status.Runs.Count;
                perHour[silos - 1] = runs / measured.Wall.TotalHours;
                var busy = string.Join(", ", measured.Silos.Select(s => Invariant(
                    $"{s.Busy / measured.Wall:P0} ({s.Jobs} jobs, {s.JobTime.TotalMilliseconds / Math.Max(1, s.Jobs):F0} ms each, {measured.Status.Runs.Count(r => r.LearnerSilo == s.Silo)} learners)")));
                rows.Add(Invariant($"| {silos} | {measured.Wall.TotalSeconds:F1} | {perHour[silos - 1]:F1} | {busy} | {measured.Silos.Sum(s => s.RolloutRequests)} groups in {measured.Silos.Sum(s => s.RolloutBatches)} calls |"));
            }
            finally
            {
                foreach (var host in Enumerable.Reverse(hosts))
                {
                    await host.StopAsync();
                    host.Dispose();
                }
            }
        }

        OrchestrationReport.TryDelete(root);

        var speedup = perHour[1] / perHour[0];
        Console.WriteLine();
        Console.WriteLine("| silos | wall s | runs per hour | tensor busy per silo | rollouts |");
        Console.WriteLine("|---:|---:|---:|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine(Invariant($"2 silos / 1 silo: {speedup:F2}x runs per hour (target >= 1.8x)"));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double>
            {
                ["runsPerHour1"] = Math.Round(perHour[0], 2),
                ["runsPerHour2"] = Math.Round(perHour[1], 2),
                ["speedup"] = Math.Round(speedup, 3),
            }));
        }

        return 0;
    }

    /// <summary>Two aggregators × two seeds of the demo preset, no evaluation, every run started at once.</summary>
    public static SweepSpec Spec(int steps) => new()
    {
        Name = "silo-scaling",
        Preset = "demo",
        Aggregators = ["grpo", "delta-l"],
        Seeds = [1, 2],
        MaxConcurrentRuns = 4,
        Steps = steps,
        Overrides = new Dictionary<string, string> { ["evaluation.every"] = "0" },
    };

    /// <summary><paramref name="count"/> silos of one localhost cluster: the first is primary and hosts the client.</summary>
    private static IHost[] Cluster(string root, int count)
    {
        var primary = LocalPorts.Free();
        return Enumerable.Range(0, count)
            .Select(i => OrchestrationReport.BuildHost(root, i == 0 ? primary : LocalPorts.Free(), i == 0 ? null : primary))
            .ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
