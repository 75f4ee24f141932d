namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// DAPO as the ΔL paper's baseline ran it (verl's "token-mean" then, taken per micro-batch and averaged over the K
/// micro-batches by gradient accumulation): the scope's sequences, in order, are cut into consecutive chunks of m
/// (<c>aggregation.microBatchSequences</c>), and x_i = 1 / (K · T_k(i)), with T_k the counted tokens of i's chunk.
/// A chunk of short responses thus weighs each of its tokens more than a chunk of long ones: the weights depend on
/// which sequences share a micro-batch, unlike <see cref="DapoAggregation"/> (x_i = 1/Σ_j L_j).
/// </summary>
public sealed class DapoMicroBatchAggregation(int sequencesPerChunk) : ILossAggregation
{
    /// <summary>The registry entry: no verl alias of its own (verl's token-mean is <see cref="DapoAggregation"/>), no α.</summary>
    public static AggregationDescriptor Descriptor { get; } = new("dapo-microbatch", null, TakesAlpha: false,
        (options, _) => new DapoMicroBatchAggregation(options.MicroBatchSequences));

    public string Name => Descriptor.Name;

    public double? Alpha => null;

    public double[] Weights(AggregationScope scope)
    {
        var lengths = scope.Lengths;
        var weights = new double[lengths.Count];
        var chunks = (lengths.Count + sequencesPerChunk - 1) / sequencesPerChunk;
        for (var start = 0; start < lengths.Count; start += sequencesPerChunk)
        {
            var end = Math.Min(lengths.Count, start + sequencesPerChunk);
            var tokens = 0L;
            for (var i = start; i < end; i++)
            {
                tokens += lengths[i];
            }

            for (var i = start; i < end; i++)
            {
                weights[i] = lengths[i] > 0 ? 1.0 / ((double)chunks * tokens) : 0.0;
            }
        }

        return weights;
    }
}
