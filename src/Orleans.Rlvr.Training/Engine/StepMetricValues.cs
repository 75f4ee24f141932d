using Orleans.Rlvr.Rollouts;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>The rollout side of a step's verl-named metrics: rewards, advantages, lengths, batch shape, throughput, timings.</summary>
public static class StepMetricValues
{
    /// <summary>Adds the metrics of the step's kept groups and its rollout statistics to <paramref name="values"/>.</summary>
    public static void AddRollouts(Dictionary<string, double> values, IReadOnlyList<ScoredGroup> groups, RolloutBatchStats rollouts, double updateSeconds)
    {
        var responses = groups.SelectMany(g => g.Responses).ToArray();
        var rewards = groups.SelectMany(g => g.Rewards).ToArray();
        var advantages = groups.SelectMany(g => g.Advantages).ToArray();
        if (responses.Length > 0)
        {
            values["critic/score/mean"] = rewards.Average();
            values["critic/score/max"] = rewards.Max();
            values["critic/score/min"] = rewards.Min();
            values["critic/advantages/mean"] = advantages.Average();
            values["critic/advantages/max"] = advantages.Max();
            values["critic/advantages/min"] = advantages.Min();
            values["response_length/mean"] = responses.Average(r => r.Length);
            values["response_length/max"] = responses.Max(r => r.Length);
            values["response_length/min"] = responses.Min(r => r.Length);
            values["response_length/clip_ratio"] = responses.Count(r => r.Truncated) / (double)responses.Length;
            values["batch/degenerate_group_ratio"] = groups.Count(g => g.IsDegenerate) / (double)groups.Count;
        }

        var tokens = groups.Sum(g => g.Responses.Sum(r => r.Length + g.Prompt.Tokens.Length));
        var seconds = rollouts.GenerationSeconds + updateSeconds;
        values["batch/groups"] = groups.Count;
        values["batch/prompts_sampled"] = rollouts.PromptsSampled;
        values["batch/sampling_rounds"] = rollouts.Rounds;
        values["perf/total_num_tokens"] = tokens;
        values["perf/throughput"] = tokens / Math.Max(1e-9, seconds);
        values["timing_s/gen"] = rollouts.GenerationSeconds;
        values["timing_s/update"] = updateSeconds;
        values["timing_s/step"] = seconds;
    }
}
