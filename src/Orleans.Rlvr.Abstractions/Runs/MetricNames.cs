namespace Orleans.Rlvr.Runs;

/// <summary>The keys of <see cref="StepMetrics.Values"/>: verl's metric names where verl has one, ours otherwise.</summary>
public static class MetricNames
{
    public const string ScoreMean = "critic/score/mean";
    public const string ScoreMax = "critic/score/max";
    public const string ScoreMin = "critic/score/min";
    /// <summary>verl's mean of the rewards the advantages were computed from; the same as <see cref="ScoreMean"/> here (the overlong penalty is in both; there is no KL reward shaping).</summary>
    public const string RewardsMean = "critic/rewards/mean";
    public const string AdvantagesMean = "critic/advantages/mean";
    public const string AdvantagesMax = "critic/advantages/max";
    public const string AdvantagesMin = "critic/advantages/min";
    public const string ResponseLengthMean = "response_length/mean";
    public const string ResponseLengthMax = "response_length/max";
    public const string ResponseLengthMin = "response_length/min";
    public const string ResponseLengthClipRatio = "response_length/clip_ratio";
    public const string PromptLengthMean = "prompt_length/mean";
    public const string PromptLengthMax = "prompt_length/max";
    public const string PromptLengthMin = "prompt_length/min";

    /// <summary>Median over the step's groups of (longest / shortest response of the group): the within-group length spread.</summary>
    public const string ResponseLengthGroupSpread = "response_length/group_spread";

    public const string PgLoss = "actor/pg_loss";

    /// <summary>The optimizer's learning rate during the step.</summary>
    public const string LearningRate = "actor/lr";
    public const string PgClipFraction = "actor/pg_clipfrac";

    /// <summary>Share of tokens with a negative advantage whose loss the dual clip capped at −A·c (verl's name).</summary>
    public const string PgClipFractionLower = "actor/pg_clipfrac_lower";
    public const string PpoKl = "actor/ppo_kl";
    public const string Entropy = "actor/entropy";
    public const string KlLoss = "actor/kl_loss";
    public const string GradNorm = "actor/grad_norm";

    /// <summary>Share of the step's optimizer updates whose gradient norm exceeded <c>ppo.gradClip</c> (and was clipped).</summary>
    public const string GradClipFraction = "actor/grad_clip_frac";

    public const string Updates = "actor/updates";
    public const string PpoEpochs = "actor/ppo_epochs";

    /// <summary>delta-l-auto: the α in use (every step).</summary>
    public const string DeltaLAlpha = "actor/delta_l_alpha";

    /// <summary>delta-l-auto: β̂ of the fit on probe steps.</summary>
    public const string LengthVarianceBeta = "actor/length_variance_beta";

    public const string DegenerateGroupRatio = "batch/degenerate_group_ratio";
    public const string Groups = "batch/groups";
    public const string PromptsSampled = "batch/prompts_sampled";
    public const string SamplingRounds = "batch/sampling_rounds";

    public const string TotalTokens = "perf/total_num_tokens";
    public const string Throughput = "perf/throughput";
    public const string GenerationSeconds = "timing_s/gen";
    public const string UpdateSeconds = "timing_s/update_actor";
    public const string StepSeconds = "timing_s/step";

    /// <summary>The step's wall time (rollouts + update), under verl's perf name; the same value as <see cref="StepSeconds"/>.</summary>
    public const string TimePerStep = "perf/time_per_step";

    /// <summary>Held-out avg@k at temperature 1 (the paper's metric), on evaluation steps: <c>val-core/&lt;task&gt;/acc/mean@&lt;k&gt;</c>.</summary>
    public static string ValidationMeanAtK(string task, int k) => $"val-core/{task}/acc/mean@{k}";

    /// <summary>Held-out greedy accuracy, on evaluation steps: <c>val-core/&lt;task&gt;/acc/greedy</c>.</summary>
    public static string ValidationGreedy(string task) => $"val-core/{task}/acc/greedy";

    /// <summary>Held-out pass@k (a prompt counts when any of its k samples is right), on evaluation steps.</summary>
    public static string ValidationPassAtK(string task, int k) => $"val-aux/{task}/acc/pass@{k}";

    /// <summary>Mean length of the held-out samples, on evaluation steps.</summary>
    public static string ValidationResponseLength(string task) => $"val-aux/{task}/response_length/mean";

    /// <summary>A task diagnostic of the held-out samples (its key already names the task, e.g. <c>countdown/false_found</c>).</summary>
    public static string ValidationDiagnostic(string key) => $"val-aux/{key}";
}
