using BenchmarkDotNet.Attributes;
using Orleans.Rlvr.Training.Policy;
using TorchSharp;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>KV-cached sampling of 128 responses × 160 tokens with the quick preset's policy (tokens/s = 20,480 / time).</summary>
[Config(typeof(InProcessConfig))]
public class SamplingBenchmarks
{
    private TransformerPolicy _policy = null!;
    private int[][] _prompts = [];

    [GlobalSetup]
    public void Setup()
    {
        _policy = BenchmarkWorkload.NewPolicy();
        _prompts = BenchmarkWorkload.Prompts();
    }

    [Benchmark]
    public int Sample128x160()
    {
        var samples = PolicySampler.Sample(_policy, _prompts, new SamplingSettings(BenchmarkWorkload.ResponseLength), BenchmarkWorkload.NeverEos, 0, new torch.Generator(1));
        return samples.Sum(s => s.Length);
    }
}
