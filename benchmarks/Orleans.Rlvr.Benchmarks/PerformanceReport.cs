using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// `perf-report [repeats] [threads] [--json]`: at 1 and 2 LibTorch threads (or the one given), medians of repeated
/// measurements taken side by side in one process, printed as ratios: the
/// learner's achieved FLOP/s against the dense-matmul limit, and sampling and learner step against PyTorch eager
/// (benchmarks/pytorch/eager_baseline.py, same model and batch) when python3 with torch is installed.
/// </summary>
public static class PerformanceReport
{
    public static int Run(string[] args)
    {
        var json = args.Contains("--json");
        var positional = args.Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var repeats = positional.Length > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 5;
        int[] threadCounts = positional.Length > 1 ? [int.Parse(positional[1], CultureInfo.InvariantCulture)] : [1, 2];

        var figures = new Dictionary<string, object?>();
        foreach (var threads in threadCounts)
        {
            set_num_threads(threads);
            Measure(repeats, threads, figures);
        }

        if (json)
        {
            // One object at the end: matmulGflopsN, learnerShareOfMatmulN (useful tokens), samplingVsEagerN, learnerVsEagerN, ...
            Console.WriteLine(JsonSerializer.Serialize(figures));
        }

        return 0;
    }

    private static void Measure(int repeats, int threads, Dictionary<string, object?> figures)
    {
        var matmulA = randn(MatmulBenchmarks.Size, MatmulBenchmarks.Size);
        var matmulB = randn(MatmulBenchmarks.Size, MatmulBenchmarks.Size);
        var matmulSeconds = Median(repeats * 4, () => { using var s = NewDisposeScope(); matmul(matmulA, matmulB)[0, 0].item<float>(); });
        var matmulFlops = 2.0 * Math.Pow(MatmulBenchmarks.Size, 3) / matmulSeconds;

        var policy = BenchmarkWorkload.NewPolicy();
        var prompts = BenchmarkWorkload.Prompts();
        var samplingSeconds = Median(repeats, () => PolicySampler.Sample(policy, prompts, new SamplingSettings(BenchmarkWorkload.ResponseLength), BenchmarkWorkload.NeverEos, 0, new Generator(1)));
        var sampledTokens = (double)BenchmarkWorkload.Rows * BenchmarkWorkload.ResponseLength;

        var groups = BenchmarkWorkload.Groups();
        using var learner = new Learner(policy, BenchmarkWorkload.LearnerOptions, padId: 0);
        var learnerSeconds = Median(repeats, () => learner.Update(groups, 1));
        var learnerFlops = BenchmarkWorkload.LearnerFlops(policy, groups) / learnerSeconds;

        Console.WriteLine(Invariant($"LibTorch threads: {get_num_threads()}; medians of {repeats} runs (matmul: {repeats * 4})"));
        Console.WriteLine(Invariant($"dense matmul 1024^3 fp32        {matmulFlops / 1e9,10:F1} GFLOP/s"));
        Console.WriteLine(Invariant($"learner step (128 seq, 20-160)  {learnerSeconds * 1e3,10:F1} ms   {learnerFlops / 1e9:F1} GFLOP/s = {learnerFlops / matmulFlops:P0} of matmul"));
        Console.WriteLine(Invariant($"sampling 128 x 160 tokens       {samplingSeconds * 1e3,10:F1} ms   {sampledTokens / samplingSeconds:F0} tokens/s"));
        figures[$"matmulGflops{threads}"] = matmulFlops / 1e9;
        figures[$"learnerMs{threads}"] = learnerSeconds * 1e3;
        figures[$"learnerShareOfMatmul{threads}"] = learnerFlops / matmulFlops;
        figures[$"samplingMs{threads}"] = samplingSeconds * 1e3;

        var python = PyTorchBaseline(repeats, threads);
        if (python is null)
        {
            Console.WriteLine("PyTorch eager baseline: skipped (python3 with torch not found; apt-get install python3-torch libopenblas0-pthread)");
            figures[$"samplingVsEager{threads}"] = null;
            figures[$"learnerVsEager{threads}"] = null;
            return;
        }

        Console.WriteLine(Invariant($"PyTorch {python.Value.GetProperty("torch").GetString()} eager, same shapes:"));
        var pySampling = python.Value.GetProperty("sampling_s").GetDouble();
        var pyLearner = python.Value.GetProperty("learner_step_s").GetDouble();
        var pyMatmul = python.Value.GetProperty("matmul_gflops").GetDouble();
        Console.WriteLine(Invariant($"  dense matmul                  {pyMatmul,10:F1} GFLOP/s"));
        Console.WriteLine(Invariant($"  learner step                  {pyLearner * 1e3,10:F1} ms   -> ours is {pyLearner / learnerSeconds:F2}x PyTorch's speed"));
        Console.WriteLine(Invariant($"  sampling                      {pySampling * 1e3,10:F1} ms   -> ours is {pySampling / samplingSeconds:F2}x PyTorch's speed"));
        figures[$"eagerMatmulGflops{threads}"] = pyMatmul;
        figures[$"samplingVsEager{threads}"] = pySampling / samplingSeconds;
        figures[$"learnerVsEager{threads}"] = pyLearner / learnerSeconds;
    }

    private static JsonElement? PyTorchBaseline(int repeats, int threads)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch", "eager_baseline.py");
        var start = new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --repeats {repeats} --threads {threads}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine(error.Trim());
                return null;
            }

            return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The median wall time in seconds of <paramref name="repeats"/> runs of <paramref name="action"/>, after one warm-up run.</summary>
    internal static double Median(int repeats, Action action)
    {
        action();   // warm-up
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
