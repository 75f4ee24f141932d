using Orleans.Rlvr.Runs;
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
            values[MetricNames.ScoreMean] = rewards.Average();
            values[MetricNames.ScoreMax] = rewards.Max();
            values[MetricNames.ScoreMin] = rewards.Min();
            values[MetricNames.RewardsMean] = rewards.Average();
            values[MetricNames.AdvantagesMean] = advantages.Average();
            values[MetricNames.AdvantagesMax] = advantages.Max();
            values[MetricNames.AdvantagesMin] = advantages.Min();
            values[MetricNames.ResponseLengthMean] = responses.Average(r => r.Length);
            values[MetricNames.ResponseLengthMax] = responses.Max(r => r.Length);
            values[MetricNames.ResponseLengthMin] = responses.Min(r => r.Length);
            values[MetricNames.ResponseLengthClipRatio] = responses.Count(r => r.Truncated) / (double)responses.Length;
            values[MetricNames.ResponseLengthGroupSpread] = GroupSpread(groups);
            values[MetricNames.DegenerateGroupRatio] = groups.Count(g => g.IsDegenerate) / (double)groups.Count;
            values[MetricNames.PromptLengthMean] = groups.Average(g => g.Prompt.Tokens.Length);
            values[MetricNames.PromptLengthMax] = groups.Max(g => g.Prompt.Tokens.Length);
            values[MetricNames.PromptLengthMin] = groups.Min(g => g.Prompt.Tokens.Length);
        }

        var tokens = groups.Sum(g => g.Responses.Sum(r => r.Length + g.Prompt.Tokens.Length));
        var seconds = rollouts.GenerationSeconds + updateSeconds;
        values[MetricNames.Groups] = groups.Count;
        values[MetricNames.PromptsSampled] = rollouts.PromptsSampled;
        values[MetricNames.SamplingRounds] = rollouts.Rounds;
        values[MetricNames.TotalTokens] = tokens;
        values[MetricNames.Throughput] = tokens / Math.Max(1e-9, seconds);
        values[MetricNames.GenerationSeconds] = rollouts.GenerationSeconds;
        values[MetricNames.UpdateSeconds] = updateSeconds;
        values[MetricNames.StepSeconds] = seconds;
        values[MetricNames.TimePerStep] = seconds;
    }

    /// <summary>Adds a held-out evaluation under verl's validation names (<see cref="MetricNames.ValidationMeanAtK"/> and the others).</summary>
    public static void AddEvaluation(Dictionary<string, double> values, string task, EvaluationResult evaluation)
    {
        values[MetricNames.ValidationMeanAtK(task, evaluation.K)] = evaluation.AverageAtK;
        values[MetricNames.ValidationGreedy(task)] = evaluation.GreedyAccuracy;
        values[MetricNames.ValidationResponseLength(task)] = evaluation.MeanResponseLength;
        if (double.IsFinite(evaluation.PassAtK))
        {
            values[MetricNames.ValidationPassAtK(task, evaluation.K)] = evaluation.PassAtK;
        }

        foreach (var (key, value) in evaluation.Diagnostics)
        {
            values[MetricNames.ValidationDiagnostic(key)] = value;
        }
    }

    /// <summary>Median over groups of max L_i / min L_i within the group (the spread the aggregations weigh differently).</summary>
    public static double GroupSpread(IReadOnlyList<ScoredGroup> groups)
    {
        var spreads = groups.Where(g => g.Responses.Count > 0)
            .Select(g => g.Responses.Max(r => r.Length) / (double)Math.Max(1, g.Responses.Min(r => r.Length)))
            .Order()
            .ToArray();
        return spreads.Length == 0 ? double.NaN
            : spreads.Length % 2 == 1 ? spreads[spreads.Length / 2]
            : (spreads[spreads.Length / 2 - 1] + spreads[spreads.Length / 2]) / 2;
    }
}
