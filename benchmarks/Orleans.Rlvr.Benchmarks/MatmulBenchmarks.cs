using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>The machine's practical limit: a dense 1024³ float32 matmul (2·1024³ FLOP) with the same LibTorch.</summary>
[Config(typeof(InProcessConfig))]
public class MatmulBenchmarks
{
    public const int Size = 1024;
    private Tensor _a = null!;
    private Tensor _b = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _a = randn(Size, Size);
        _b = randn(Size, Size);
    }

    [Benchmark]
    public float Matmul1024()
    {
        using var scope = NewDisposeScope();
        return matmul(_a, _b)[0, 0].item<float>();
    }
}
