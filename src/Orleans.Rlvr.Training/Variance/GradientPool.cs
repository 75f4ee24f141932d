namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// The sampled responses of a study, kept in their prompt groups (batches are drawn group by group, as training
/// draws prompts), with M. The non-zero gradients are numbered as rows 0..m−1 of the pool's Gram matrix.
/// </summary>
public sealed class GradientPool
{
    private readonly int[][] _rows;

    private GradientPool(IReadOnlyList<IReadOnlyList<GradientSample>> groups, int maxResponseLength, int dimension, int[][] rows, List<GradientSample> nonZero)
    {
        Groups = groups;
        MaxResponseLength = maxResponseLength;
        Dimension = dimension;
        _rows = rows;
        NonZero = nonZero;
        Responses = groups.Sum(g => g.Count);
        CountedResponses = groups.Sum(g => g.Count(s => s.Length > 0));
    }

    /// <summary>The prompt groups, each with its G responses.</summary>
    public IReadOnlyList<IReadOnlyList<GradientSample>> Groups { get; }

    /// <summary>M, the constant of the aggregations.</summary>
    public int MaxResponseLength { get; }

    /// <summary>D: the length of every gradient vector (the policy's parameter count); 0 when every gradient is zero.</summary>
    public int Dimension { get; }

    /// <summary>Every response of the pool.</summary>
    public int Responses { get; }

    /// <summary>Responses with L_i ≥ 1.</summary>
    public int CountedResponses { get; }

    /// <summary>The responses with a stored (non-zero) gradient, in row order.</summary>
    public IReadOnlyList<GradientSample> NonZero { get; }

    /// <summary>The Gram row of response <paramref name="index"/> of group <paramref name="group"/>, or −1 when its gradient is zero.</summary>
    public int Row(int group, int index) => _rows[group][index];

    /// <summary>Validates and indexes a pool: lengths in [0, M], every stored gradient of one dimension, none for L_i = 0.</summary>
    public static GradientPool Create(IReadOnlyList<IReadOnlyList<GradientSample>> groups, int maxResponseLength)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResponseLength, 1);
        if (groups.Count == 0 || groups.Any(g => g.Count == 0))
        {
            throw new ArgumentException("groups: a pool needs at least one group, and every group at least one response.", nameof(groups));
        }

        var dimension = -1;
        var nonZero = new List<GradientSample>();
        var rows = new int[groups.Count][];
        for (var g = 0; g < groups.Count; g++)
        {
            rows[g] = new int[groups[g].Count];
            for (var i = 0; i < groups[g].Count; i++)
            {
                var sample = groups[g][i];
                if (sample.Length < 0 || sample.Length > maxResponseLength)
                {
                    throw new ArgumentOutOfRangeException(nameof(groups), sample.Length, $"groups[{g}][{i}]: length {sample.Length} is outside [0, M = {maxResponseLength}].");
                }

                if (sample.Gradient is null)
                {
                    rows[g][i] = -1;
                    continue;
                }

                if (sample.Length == 0)
                {
                    throw new ArgumentException($"groups[{g}][{i}]: a response with no counted token has a zero gradient; store none.", nameof(groups));
                }

                if (dimension >= 0 && sample.Gradient.Length != dimension)
                {
                    throw new ArgumentException($"groups[{g}][{i}]: gradient of length {sample.Gradient.Length}, expected {dimension}.", nameof(groups));
                }

                dimension = sample.Gradient.Length;
                rows[g][i] = nonZero.Count;
                nonZero.Add(sample);
            }
        }

        return new GradientPool(groups, maxResponseLength, Math.Max(dimension, 0), rows, nonZero);
    }
}
