using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Policy;

/// <summary>A run of consecutive rows of a sampling batch that draw from one generator (null: the global one).</summary>
public sealed record RowBlock(int Rows, Generator? Generator);
