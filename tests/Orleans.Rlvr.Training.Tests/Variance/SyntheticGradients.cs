using Orleans.Rlvr.Training.Variance;

namespace Orleans.Rlvr.Training.Tests.Variance;

/// <summary>
/// Synthetic per-sample gradients with a known law: g_i = meanScale(L_i)·1 + √variance(L_i)·z_i, z_i ~ N(0, I_D),
/// lengths uniform in [minLength, M], groups of G; all advantages non-zero. With <c>advantage</c> (of L_i) the score
/// s_i follows that law instead and g_i = A_i·s_i, as the policy gradient at ρ = 1 is.
/// </summary>
internal static class SyntheticGradients
{
    public static GradientPool Pool(
        Func<int, double> variance,
        Func<int, double>? meanScale = null,
        int groups = 100,
        int groupSize = 8,
        int dimension = 32,
        int maxLength = 256,
        int minLength = 8,
        int seed = 7,
        Func<int, double>? advantage = null)
    {
        var random = new Random(seed);
        var pool = new List<IReadOnlyList<GradientSample>>();
        for (var g = 0; g < groups; g++)
        {
            var group = new GradientSample[groupSize];
            for (var i = 0; i < groupSize; i++)
            {
                var length = random.Next(minLength, maxLength + 1);
                var (mean, spread) = (meanScale?.Invoke(length) ?? 1.0, Math.Sqrt(variance(length)));
                var gradient = new float[dimension];
                for (var d = 0; d < dimension; d++)
                {
                    gradient[d] = (float)(mean + spread * Gaussian(random));
                }

                var a = advantage?.Invoke(length) ?? (i % 2 == 0 ? 1.0 : -1.0);
                if (advantage is not null)
                {
                    for (var d = 0; d < dimension; d++)
                    {
                        gradient[d] *= (float)a;
                    }
                }

                group[i] = new GradientSample(length, a, gradient);
            }

            pool.Add(group);
        }

        return GradientPool.Create(pool, maxLength);
    }

    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
