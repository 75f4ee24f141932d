using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Rlvr.Testing;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `orchestration-cluster`: the same sweep (<see cref="OrchestrationReport.Spec"/>) side by side on an embedded silo,
/// on one silo container with Redis (network hops, Redis grain storage and reminders, a client outside the
/// container) and on three silo containers (one rollout-only, two learner silos). For each: wall time, each silo's
/// tensor busy time and utilization, and the median status round trip; with one silo (one tensor thread), the share
/// of the wall clock with no tensor job running is the orchestration overhead. Needs Docker and the images of
/// build/images.sh (RLVR_REDIS_IMAGE, RLVR_SILO_IMAGE).
/// </summary>
public static class ClusterOrchestrationReport
{
    public static async Task<int> RunAsync(string[] args)
    {
        var steps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var spec = OrchestrationReport.Spec(steps);
        var rows = new List<(string Layout, SweepMeasurement Measurement)>();

        Console.WriteLine("embedded silo (this process) ...");
        var root = Path.Combine(Path.GetTempPath(), "rlvr-orchestration-" + Guid.NewGuid().ToString("N")[..8]);
        using (var host = OrchestrationReport.BuildHost(root))
        {
            await host.StartAsync();
            rows.Add(("embedded, 1 silo", await SweepMeasurement.Run(host.Services.GetRequiredService<IClusterClient>(), spec)));
            await host.StopAsync();
        }

        // The single container gets the embedded silo's LibTorch threads (all cores); three containers on this
        // machine would oversubscribe it, so each of those gets one LibTorch thread.
        var layouts = new (string Name, IReadOnlyList<string> Roles, string TorchThreads)[]
        {
            ("containers, 1 silo", ["learner,rollout"], "0"),
            ("containers, 3 silos", HostedCluster.DefaultRoles, "1"),
        };
        foreach (var (name, roles, torchThreads) in layouts)
        {
            Console.WriteLine($"{name}: starting Redis and {roles.Count} silo container(s) ...");
            await using var cluster = await HostedCluster.StartAsync(roles, new Dictionary<string, string>
            {
                ["Rlvr:TensorThreads"] = "1",
                ["Rlvr:RolloutWorkers"] = "8",
                ["Rlvr:PollInterval"] = "00:00:01",
                ["Torch:Threads"] = torchThreads,
            });
            rows.Add((name, await SweepMeasurement.Run(cluster.Client, spec)));
        }

        var totalSteps = rows[0].Measurement.Status.Runs.Sum(r => r.Step);
        Console.WriteLine();
        Console.WriteLine(Invariant($"sweep: {rows[0].Measurement.Status.Runs.Count} smoke runs x {steps} steps ({totalSteps} steps), 2 at a time; one tensor thread per silo"));
        Console.WriteLine("| layout | wall s | per step ms | tensor busy s (sum) | orchestration share | status median ms | silo: roles, busy s, utilization |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var (layout, m) in rows)
        {
            var single = m.Silos.Count == 1 ? Invariant($"{(m.Wall - m.Busy) / m.Wall:P2}") : "n/a (silos overlap)";
            var silos = string.Join("; ", m.Silos.Select(s => Invariant($"{s.Roles} {s.Busy.TotalSeconds:F1} s {s.Busy / m.Wall:P0}")));
            Console.WriteLine(Invariant($"| {layout} | {m.Wall.TotalSeconds:F2} | {m.Wall.TotalMilliseconds / totalSteps:F0} | {m.Busy.TotalSeconds:F2} | {single} | {m.MedianStatusCall:F2} | {silos} |"));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"wall time relative to embedded: {string.Join(", ", rows.Select(r => Invariant($"{r.Layout} {r.Measurement.Wall / rows[0].Measurement.Wall:F2}x")))}"));
        OrchestrationReport.TryDelete(root);
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
