namespace Orleans.Rlvr.Runs;

/// <summary>
/// Everything that defines one RLVR run, grouped by concern; names follow verl where verl has one. Validated once
/// where it enters the system (CLI, sweep plan, checkpoint), then carried typed through every grain call and saved in
/// every checkpoint.
/// </summary>
[GenerateSerializer, Immutable, Alias("rlvr.RunOptions")]
public sealed record RunOptions
{
    /// <summary>The task section: which task (its registry name) and the task's own settings.</summary>
    [Id(0)] public required TaskOptions Task { get; init; }

    /// <summary>Seeds the initial weights, the warm start and every step's sampling.</summary>
    [Id(1)] public int Seed { get; init; } = 1;

    /// <summary>RL steps to run (each: B prompts × G responses, then PPO updates).</summary>
    [Id(2)] public int Steps { get; init; } = 40;

    /// <summary>How responses are sampled and scored.</summary>
    [Id(3)] public RolloutOptions Rollout { get; init; } = new();

    /// <summary>Group advantages and how the per-token loss is aggregated across responses.</summary>
    [Id(4)] public AggregationOptions Aggregation { get; init; } = new();

    /// <summary>The PPO surrogate and its optimizer.</summary>
    [Id(5)] public PpoOptions Ppo { get; init; } = new();

    /// <summary>Held-out evaluation.</summary>
    [Id(6)] public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>How often checkpoints are written.</summary>
    [Id(7)] public CheckpointingOptions Checkpointing { get; init; } = new();

    /// <summary>The policy network.</summary>
    [Id(8)] public PolicyOptions Policy { get; init; } = new();

    /// <summary>The supervised warm start on the task's noisy teacher.</summary>
    [Id(9)] public WarmStartOptions WarmStart { get; init; } = new();

    /// <summary>
    /// Throws naming the first field outside its allowed range; returns this when all are valid. Names (task,
    /// aggregator, advantage estimator) are checked against their registries by the engine's
    /// <c>RunOptionsValidation</c>, which calls this.
    /// </summary>
    public RunOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Task, "task");
        Guard.Range("steps", Steps, 0, 1_000_000);
        Rollout.Validate();
        Aggregation.Validate();
        Ppo.Validate(Rollout.PromptsPerStep * Rollout.GroupSize);
        Evaluation.Validate();
        Checkpointing.Validate();
        Policy.Validate();
        WarmStart.Validate();
        Guard.Range("rollout.overlongBuffer", Rollout.OverlongBuffer, 1, Rollout.MaxResponseLength);
        Task.Validate();
        return this;
    }
}
