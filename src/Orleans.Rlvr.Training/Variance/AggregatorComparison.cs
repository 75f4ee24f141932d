using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Every aggregation's batch gradient ĝ_k = Σ_{i ∈ batch k} x_i g_i on the same K batches, with x_i from
/// <see cref="SequenceWeights"/> over the whole batch (the training scope): variance, CV and bias.
/// </summary>
/// <remarks>
/// The target is ḡ/M, ḡ the pool's mean g_i over counted responses: the exact expectation of Dr. GRPO's estimator
/// Σ_i g_i/(N·M) under <see cref="PoolBatches"/> (exact when no response is filtered). E ĝ is estimated with Dr. GRPO's
/// ĝ on the same batches as a control variate, E ĝ_a ≈ mean ĝ_a − c·(mean ĝ_dr − ḡ/M) with c = Cov/Var over batches,
/// which removes most of the Monte-Carlo noise from the bias (Dr. GRPO's own bias is then exactly 0); the same estimate of
/// ‖E ĝ‖ is the CV's denominator, while the variance is centred on the plain mean over batches. What remains is
/// the pool's own noise: other weightings average it differently from ḡ, which <see cref="AggregatorVariance.BiasNoise"/> sizes.
/// </remarks>
public static class AggregatorComparison
{
    public static IReadOnlyList<AggregatorVariance> Compare(
        GradientPool pool,
        GradientGram gram,
        IReadOnlyList<ILossAggregation> aggregations,
        IReadOnlyList<int[]> batches,
        ScopeKind scope = ScopeKind.Batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches.Count, 2, nameof(batches));
        var m = gram.Size;
        if (m == 0)
        {
            throw new InvalidOperationException("Every sampled response has a zero gradient (A_i = 0): no group had differing rewards. Sample more (samples) or use a better policy.");
        }

        var all = aggregations.Append(new DrGrpoAggregation()).ToArray();   // the control is last
        var control = all.Length - 1;
        var sums = all.Select(_ => new double[m]).ToArray();                 // Σ_k x_k over rows
        var squares = new double[all.Length];                                // Σ_k x_kᵀΓx_k
        var cross = new double[all.Length];                                  // Σ_k x_kᵀΓd_k
        foreach (var batch in batches)
        {
            var (lengths, rows, groupIds) = Flatten(pool, batch);
            var stored = Enumerable.Range(0, rows.Length).Where(p => rows[p] >= 0).ToArray();   // responses with g_i ≠ 0
            var sub = SubGram(gram, stored.Select(p => rows[p]).ToArray());
            var weights = all.Select(a => Select(SequenceWeights.Compute(a, lengths, pool.MaxResponseLength, scope, groupIds), stored)).ToArray();
            var controlProduct = Multiply(sub, weights[control]);
            for (var a = 0; a < all.Length; a++)
            {
                var x = weights[a];
                for (var p = 0; p < stored.Length; p++)
                {
                    sums[a][rows[stored[p]]] += x[p];
                }

                squares[a] += Dot(x, Multiply(sub, x));
                cross[a] += Dot(x, controlProduct);
            }
        }

        var k = (double)batches.Count;
        var means = sums.Select(s => s.Select(v => v / k).ToArray()).ToArray();
        var target = Enumerable.Repeat(1.0 / ((double)pool.CountedResponses * pool.MaxResponseLength), m).ToArray();
        var targetNorm = Math.Sqrt(gram.Quadratic(target, target));
        var controlVariance = squares[control] / k - gram.Quadratic(means[control], means[control]);
        var controlOffset = Subtract(means[control], target);
        var deviations = gram.SquaredDeviations();
        var results = new List<AggregatorVariance>(aggregations.Count);
        for (var a = 0; a < aggregations.Count; a++)
        {
            var variance = squares[a] / k - gram.Quadratic(means[a], means[a]);
            var covariance = cross[a] / k - gram.Quadratic(means[a], means[control]);
            var c = controlVariance > 0 ? covariance / controlVariance : 0.0;
            var expected = means[a].Select((v, r) => v - c * controlOffset[r]).ToArray();
            var meanNorm = Math.Sqrt(Math.Max(0, gram.Quadratic(expected, expected)));
            var error = Subtract(expected, target);
            results.Add(new AggregatorVariance(
                all[a].Name,
                all[a].Alpha,
                Math.Max(0, variance),
                Math.Sqrt(Math.Max(0, variance)) / meanNorm,
                Math.Sqrt(Math.Max(0, gram.Quadratic(error, error))) / targetNorm,
                Math.Sqrt(error.Select((d, r) => d * d * deviations[r]).Sum()) / targetNorm,
                1 - gram.Quadratic(expected, target) / (meanNorm * targetNorm),
                meanNorm));
        }

        return results;
    }

    /// <summary>The batch's responses in order: L_i, Gram row (−1 for a zero gradient) and batch-local group index.</summary>
    private static (int[] Lengths, int[] Rows, int[] GroupIds) Flatten(GradientPool pool, int[] batch)
    {
        var (lengths, rows, groupIds) = (new List<int>(), new List<int>(), new List<int>());
        for (var b = 0; b < batch.Length; b++)
        {
            var group = pool.Groups[batch[b]];
            for (var i = 0; i < group.Count; i++)
            {
                lengths.Add(group[i].Length);
                rows.Add(pool.Row(batch[b], i));
                groupIds.Add(b);
            }
        }

        return (lengths.ToArray(), rows.ToArray(), groupIds.ToArray());
    }

    private static double[] Select(double[] values, int[] positions) => positions.Select(p => values[p]).ToArray();

    private static double[,] SubGram(GradientGram gram, int[] rows)
    {
        var sub = new double[rows.Length, rows.Length];
        for (var p = 0; p < rows.Length; p++)
        {
            for (var q = 0; q < rows.Length; q++)
            {
                sub[p, q] = gram[rows[p], rows[q]];
            }
        }

        return sub;
    }

    private static double[] Multiply(double[,] matrix, double[] x)
    {
        var result = new double[x.Length];
        for (var p = 0; p < x.Length; p++)
        {
            var sum = 0.0;
            for (var q = 0; q < x.Length; q++)
            {
                sum += matrix[p, q] * x[q];
            }

            result[p] = sum;
        }

        return result;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double[] Subtract(double[] a, double[] b) => a.Select((v, i) => v - b[i]).ToArray();
}
