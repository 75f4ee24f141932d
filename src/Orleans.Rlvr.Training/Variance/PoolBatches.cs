namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// K batches of B prompt groups, each group drawn uniformly with replacement from the pool: i.i.d. draws from the pool's
/// empirical distribution, so the pool mean of g_i/M is exactly the expectation of Dr. GRPO's batch gradient.
/// </summary>
public static class PoolBatches
{
    /// <summary>The group indices of each batch, [K][B]; the same seed gives the same batches.</summary>
    public static int[][] Draw(int groupCount, int batches, int batchGroups, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchGroups, 1);
        var random = new Random(seed);
        var draws = new int[batches][];
        for (var k = 0; k < batches; k++)
        {
            draws[k] = new int[batchGroups];
            for (var b = 0; b < batchGroups; b++)
            {
                draws[k][b] = random.Next(groupCount);
            }
        }

        return draws;
    }
}
