using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Advantages;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Scores one prompt's G responses: decodes them, runs the task's verifier, applies DAPO's overlong handling and
/// computes the group advantages. The same code runs in-process and inside a prompt-group grain.
/// </summary>
public sealed class GroupScorer(IRlvrTask task, RunOptions options)
{
    private readonly IAdvantageEstimator _estimator = AdvantageEstimators.Get(options.Aggregation.Advantages, "aggregation.advantages");

    /// <summary>The rewards, advantages and loss inclusion of each response.</summary>
    public ScoredGroup Score(TaskPrompt prompt, PromptRef promptRef, IReadOnlyList<ResponseSample> responses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(responses.Count, 1, nameof(responses));
        var rewards = new double[responses.Count];
        var included = new bool[responses.Count];
        for (var i = 0; i < responses.Count; i++)
        {
            var response = responses[i];
            rewards[i] = task.Reward(prompt, task.Tokenizer.Decode(response.Tokens));
            if (options.Rollout.Overlong == OverlongMode.SoftPenalty)
            {
                rewards[i] += OverlongPenalty.Of(response.Length, response.Truncated, options.Rollout.MaxResponseLength, options.Rollout.OverlongBuffer, options.Rollout.OverlongPenalty);
            }

            included[i] = !(options.Rollout.Overlong == OverlongMode.Filter && response.Truncated);
        }

        var advantages = _estimator.Compute(rewards);
        if (options.Rollout.Overlong == OverlongMode.ZeroAdvantage)
        {
            advantages = advantages.Select((a, i) => responses[i].Truncated ? 0.0 : a).ToArray();
        }

        return new ScoredGroup(promptRef, responses, rewards, advantages, included);
    }
}
