using BenchmarkDotNet.Attributes;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Loss;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>The cost of each aggregation on one step of 1,024 sequences × M = 4,096 (float32, CPU).</summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class AggregationBenchmarks
{
    private const int Sequences = 1024;
    private const int MaxLength = 4096;

    private int[] _lengths = [];
    private Tensor _tokenLoss = null!;
    private Tensor _mask = null!;
    private Tensor _weights = null!;
    private ILossAggregation _aggregation = null!;

    [Params("grpo", "dapo", "dr-grpo", "delta-l")]
    public string Aggregator { get; set; } = "delta-l";

    [GlobalSetup]
    public void Setup()
    {
        torch.manual_seed(7);
        var random = new Random(7);
        _lengths = Enumerable.Range(0, Sequences).Select(_ => random.Next(1, MaxLength + 1)).ToArray();
        _aggregation = LossAggregations.Create(Aggregator, 1.0);
        _tokenLoss = randn(Sequences, MaxLength).requires_grad_(true);                                           // [N, M]
        _mask = arange(MaxLength).unsqueeze(0).lt(tensor(_lengths).unsqueeze(1)).to_type(ScalarType.Float32);   // [N, M]
        _weights = tensor(SequenceWeights.Compute(_aggregation, _lengths, MaxLength), ScalarType.Float32);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tokenLoss.Dispose();
        _mask.Dispose();
        _weights.Dispose();
    }

    /// <summary>Whole-scope weights x_i from the lengths.</summary>
    [Benchmark]
    public double[] Weights() => SequenceWeights.Compute(_aggregation, _lengths, MaxLength);

    /// <summary>Σ_i x_i Σ_t m·ℓ, forward only.</summary>
    [Benchmark]
    public float Loss()
    {
        using var scope = NewDisposeScope();
        return AggregatedLoss.Compute(_tokenLoss, _mask, _weights).item<float>();
    }

    /// <summary>The loss and its backward pass into ℓ.</summary>
    [Benchmark]
    public float LossAndBackward()
    {
        using var scope = NewDisposeScope();
        var loss = AggregatedLoss.Compute(_tokenLoss, _mask, _weights);
        loss.backward();
        _tokenLoss.grad!.zero_();
        return loss.item<float>();
    }
}
