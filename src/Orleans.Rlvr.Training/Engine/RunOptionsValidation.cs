using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Advantages;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Where run options enter the system (CLI flags, a sweep plan, a checkpoint): names resolved against their
/// registries (verl's aliases become canonical names) and every range checked, once.
/// </summary>
public static class RunOptionsValidation
{
    /// <summary>The options with canonical names, validated; throws an <see cref="ArgumentException"/> naming the first bad field.</summary>
    public static RunOptions Validate(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Task, "task");
        _ = RlvrTasks.Get(options.Task.Name);
        var aggregation = options.Aggregation with
        {
            Aggregator = LossAggregations.Get(options.Aggregation.Aggregator ?? "", "aggregation.aggregator").Name,
            Advantages = AdvantageEstimators.Get(options.Aggregation.Advantages ?? "", "aggregation.advantages").Name,
        };
        var optimizer = (options.Ppo.Optimizer ?? "").Trim().ToLowerInvariant();
        if (!Optimizers.Names.Contains(optimizer))
        {
            throw new ArgumentOutOfRangeException("ppo.optimizer", options.Ppo.Optimizer, $"ppo.optimizer must be one of {string.Join(", ", Optimizers.Names)}.");
        }

        return (options with { Aggregation = aggregation, Ppo = options.Ppo with { Optimizer = optimizer } }).Validate();
    }
}
