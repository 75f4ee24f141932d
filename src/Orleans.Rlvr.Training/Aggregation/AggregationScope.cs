namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// The lengths of every sequence in one aggregation scope (by default the whole training batch of a step,
/// all B·G sequences). Weights are computed from these whole-scope statistics only, never from a
/// micro-batch, so that splitting a step into micro-batches or accumulation steps changes nothing.
/// </summary>
public sealed class AggregationScope
{
    private readonly int[] _lengths;

    private AggregationScope(int[] lengths, int maxLength)
    {
        _lengths = lengths;
        MaxLength = maxLength;
        foreach (var length in lengths)
        {
            if (length > 0)
            {
                CountedSequences++;
                TotalTokens += length;
            }
        }
    }

    /// <summary>L_i: the number of counted (unmasked) tokens of each sequence.</summary>
    public IReadOnlyList<int> Lengths => _lengths;

    /// <summary>M: the configured maximum response length (a constant, not the longest response seen).</summary>
    public int MaxLength { get; }

    /// <summary>N: the sequences with at least one counted token; fully masked sequences are not counted.</summary>
    public int CountedSequences { get; }

    /// <summary>Σ_j L_j over the scope.</summary>
    public long TotalTokens { get; }

    /// <summary>Validates and captures a scope. Every length must be in [0, maxLength] and maxLength ≥ 1.</summary>
    public static AggregationScope Create(IReadOnlyList<int> lengths, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (maxLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength (M) must be at least 1.");
        }

        var copy = new int[lengths.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var length = lengths[i];
            if (length < 0 || length > maxLength)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(lengths),
                    length,
                    $"lengths[{i}] = {length} is outside [0, maxLength = {maxLength}]; a response longer than M is an error.");
            }

            copy[i] = length;
        }

        return new AggregationScope(copy, maxLength);
    }

    /// <summary>Σ_j L_j^-α over the sequences with at least one counted token.</summary>
    public double SumOfInversePowers(double alpha)
    {
        var sum = 0.0;
        foreach (var length in _lengths)
        {
            if (length > 0)
            {
                sum += Math.Pow(length, -alpha);
            }
        }

        return sum;
    }
}
