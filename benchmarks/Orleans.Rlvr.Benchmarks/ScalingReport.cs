using System.Globalization;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `scaling`: how one RL step's two costs grow with G (responses per prompt), B (prompts per step) and M (maximum
/// response length), one knob at a time around B = 16, G = 8, M = 160: KV-cached sampling of B·G rows for M tokens
/// and one learner update on B·G responses with lengths spread over [M/8, M]. Medians, milliseconds.
/// </summary>
public static class ScalingReport
{
    public static int Run(string[] args)
    {
        var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine(Invariant($"LibTorch threads: {get_num_threads()}; model width 128, depth 4; medians of {repeats}"));
        Console.WriteLine($"{"B",4} {"G",4} {"M",5} {"rows",5} {"sampling ms",12} {"ms/token step",14} {"learner ms",11} {"ms/row",8}");
        var points = new List<(int B, int G, int M)>();
        points.AddRange(new[] { 4, 8, 16 }.Select(g => (16, g, 160)));
        points.AddRange(new[] { 8, 32 }.Select(b => (b, 8, 160)));
        points.AddRange(new[] { 64, 320 }.Select(m => (16, 8, m)));
        foreach (var (b, g, m) in points)
        {
            var policy = BenchmarkWorkload.NewPolicy(m);
            var prompts = BenchmarkWorkload.Prompts(b * g);
            var sampling = PerformanceReport.Median(repeats, () => PolicySampler.Sample(policy, prompts, new SamplingSettings(m), BenchmarkWorkload.NeverEos, 0, new Generator(1)));
            var groups = BenchmarkWorkload.Groups(b, g, m);
            using var learner = new Learner(policy, BenchmarkWorkload.LearnerOptionsFor(b, g, m), padId: 0);
            var update = PerformanceReport.Median(repeats, () => learner.Update(groups, 1));
            Console.WriteLine(Invariant($"{b,4} {g,4} {m,5} {b * g,5} {sampling * 1e3,12:F0} {sampling * 1e3 / m,14:F1} {update * 1e3,11:F0} {update * 1e3 / (b * g),8:F2}"));
            policy.Dispose();
        }

        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
