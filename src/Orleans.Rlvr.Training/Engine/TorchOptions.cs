namespace Orleans.Rlvr.Training.Engine;

/// <summary>Where and how tensor work runs; bound from the <c>Torch</c> configuration section.</summary>
public sealed record TorchOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Torch";

    /// <summary>The torch device: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Intra-op threads for LibTorch; 0 keeps LibTorch's default (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Deterministic mode: one LibTorch thread, so a resumed run is bit-identical.</summary>
    public bool Deterministic { get; init; }
}
