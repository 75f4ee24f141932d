using Orleans.Rlvr.Runs;
namespace Orleans.Rlvr.Training.Aggregation;

/// <summary>
/// The per-sequence weights x_i of a whole step, for either scope kind. Compute them once per step (or per
/// PPO mini-batch) from every sequence's length, then slice them for micro-batches: that is what keeps the
/// loss and its gradients independent of the split.
/// </summary>
public static class SequenceWeights
{
    /// <summary>
    /// Step or batch scope: x = aggregation.Weights(all the given sequences) (the caller gives the step's or the
    /// mini-batch's).
    /// Group scope: x_i = aggregation.Weights(group of i)_i / K, with K the groups that have a counted token.
    /// </summary>
    public static double[] Compute(
        ILossAggregation aggregation,
        IReadOnlyList<int> lengths,
        int maxLength,
        ScopeKind scope = ScopeKind.Batch,
        IReadOnlyList<int>? groupIds = null)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentNullException.ThrowIfNull(lengths);
        if (scope is ScopeKind.Batch or ScopeKind.Step)
        {
            return aggregation.Weights(AggregationScope.Create(lengths, maxLength));
        }

        if (groupIds is null || groupIds.Count != lengths.Count)
        {
            throw new ArgumentException(
                $"groupIds must give one group per sequence ({lengths.Count}) when the scope is per group.", nameof(groupIds));
        }

        var weights = new double[lengths.Count];
        var groups = Enumerable.Range(0, lengths.Count).GroupBy(i => groupIds[i]).ToArray();
        var countedGroups = groups.Count(g => g.Any(i => lengths[i] > 0));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            var groupWeights = aggregation.Weights(AggregationScope.Create(members.Select(i => lengths[i]).ToArray(), maxLength));
            for (var k = 0; k < members.Length; k++)
            {
                weights[members[k]] = groupWeights[k] / countedGroups;
            }
        }

        return weights;
    }
}
