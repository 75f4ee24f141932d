namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Cuts a mini-batch into micro-batches of similar lengths, so the learner computes little padding: the rows are sorted
/// by their padded length (prompt + response) and split where a dynamic program puts the least cost, a micro-batch
/// costing rows · longest + <see cref="OverheadTokens"/> (its fixed cost in token-equivalents), at most
/// <c>ppo.microBatchSize</c> rows each. The aggregation weights come from the whole mini-batch, so any split gives the
/// same loss and gradients up to floating-point summation order.
/// </summary>
public static class MicroBatchPlan
{
    /// <summary>What one more forward/backward pass costs beyond its tokens, in padded-token equivalents.</summary>
    public const int OverheadTokens = 256;

    /// <summary>Row indices of each micro-batch, shortest micro-batch first; every index exactly once.</summary>
    public static IReadOnlyList<int[]> Plan(IReadOnlyList<int> lengths, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var n = lengths.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var cost = new long[n + 1];
        var cut = new int[n + 1];
        for (var end = 1; end <= n; end++)
        {
            cost[end] = long.MaxValue;
            var longest = (long)lengths[order[end - 1]];
            for (var start = Math.Max(0, end - maxRows); start < end; start++)
            {
                var candidate = cost[start] + (end - start) * longest + OverheadTokens;
                if (candidate < cost[end])
                {
                    (cost[end], cut[end]) = (candidate, start);
                }
            }
        }

        var batches = new List<int[]>();
        for (var end = n; end > 0; end = cut[end])
        {
            batches.Add(order[cut[end]..end]);
        }

        batches.Reverse();
        return batches;
    }
}
