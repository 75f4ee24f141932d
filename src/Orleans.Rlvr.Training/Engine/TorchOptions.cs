namespace Orleans.Rlvr.Training.Engine;

/// <summary>Where and how tensor work runs; bound from the <c>Torch</c> configuration section.</summary>
public sealed record TorchOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Torch";

    /// <summary>The torch device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Intra-op threads for LibTorch; 0 keeps LibTorch's default (one per core). Default 1: on the 2-core build machine
    /// one thread ran <c>rlvr train --preset demo --steps 3</c> faster than two (4.8 vs 6.0 s) and was slowed 1.37×
    /// beside a busy process, against 2.5× for two threads, which spin against other work (docs/performance.md).
    /// Use the cores with more runs or tensor lanes (<c>Rlvr:TensorThreads</c>), not more threads per run.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Deterministic mode: one LibTorch thread, so a resumed run is bit-identical.</summary>
    public bool Deterministic { get; init; }
}
