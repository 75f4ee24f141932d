using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Loss;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>Everything that defines one RLVR run; names follow verl where verl has one. Serialized into every checkpoint.</summary>
public sealed record TrainingOptions
{
    /// <summary>The task registry name (<c>countdown</c>).</summary>
    public string Task { get; init; } = "countdown";

    /// <summary>The CountDown task's difficulty and teacher settings (used when <see cref="Task"/> is <c>countdown</c>).</summary>
    public CountdownOptions Countdown { get; init; } = new();

    /// <summary>Seeds the initial weights, the warm start and every step's sampling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>RL steps to run (each: B prompts × G responses, then PPO updates).</summary>
    public int Steps { get; init; } = 40;

    /// <summary>B: prompts per step (verl: <c>data.train_batch_size</c>).</summary>
    public int PromptsPerStep { get; init; } = 16;

    /// <summary>G: responses sampled per prompt (verl: <c>actor_rollout_ref.rollout.n</c>).</summary>
    public int GroupSize { get; init; } = 8;

    /// <summary>M: the maximum response length in tokens (verl: <c>data.max_response_length</c>); also M in the aggregations.</summary>
    public int MaxResponseLength { get; init; } = 160;

    /// <summary>Sampling temperature for rollouts.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling threshold for rollouts, in (0, 1].</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>The loss aggregation: grpo, dapo, dr-grpo, delta-l or delta-l-auto (verl's <c>loss_agg_mode</c> names accepted).</summary>
    public string Aggregator { get; init; } = "delta-l";

    /// <summary>α of ΔL, in [0, 1] (delta-l-auto ignores it and estimates its own).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>delta-l-auto: probe the per-response gradient variance and refit α every this many steps (and at step 1).</summary>
    public int AdaptiveAlphaEvery { get; init; } = 5;

    /// <summary>delta-l-auto: the most responses with A_i ≠ 0 a probe computes a gradient for (one backward pass each).</summary>
    public int AdaptiveAlphaProbe { get; init; } = 16;

    /// <summary>Which sequences share aggregation statistics: the whole update batch (default) or each group.</summary>
    public ScopeKind AggregationScope { get; init; } = ScopeKind.Batch;

    /// <summary>The group advantage estimator: grpo or dr-grpo.</summary>
    public string AdvantageEstimator { get; init; } = "grpo";

    /// <summary>PPO clip ratios and the optional KL term.</summary>
    public PolicyLossOptions Loss { get; init; } = new();

    /// <summary>AdamW learning rate of the RL updates (verl: <c>actor.optim.lr</c>).</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Gradient-norm clip (verl: <c>actor.grad_clip</c>); 0 turns clipping off.</summary>
    public double GradClip { get; init; } = 1.0;

    /// <summary>PPO epochs over each step's batch (verl: <c>actor.ppo_epochs</c>).</summary>
    public int PpoEpochs { get; init; } = 1;

    /// <summary>Optimizer updates per epoch: the batch is cut into this many mini-batches, each one aggregation scope.</summary>
    public int MiniBatches { get; init; } = 1;

    /// <summary>Sequences per forward/backward pass (verl: <c>ppo_micro_batch_size_per_gpu</c>); gradients accumulate.</summary>
    public int MicroBatchSize { get; init; } = 32;

    /// <summary>DAPO dynamic sampling: drop groups whose rewards are all equal and sample more prompts to refill B.</summary>
    public bool DynamicSampling { get; init; }

    /// <summary>The most extra sampling rounds dynamic sampling may run per step.</summary>
    public int MaxRefillRounds { get; init; } = 3;

    /// <summary>DAPO's overlong handling.</summary>
    public OverlongMode Overlong { get; init; } = OverlongMode.None;

    /// <summary>Soft overlong punishment: the length of the buffer before M over which the penalty grows.</summary>
    public int OverlongBuffer { get; init; } = 32;

    /// <summary>Soft overlong punishment: the penalty at M.</summary>
    public double OverlongPenalty { get; init; } = 1.0;

    /// <summary>Evaluate every this many steps (and after the last); 0 evaluates only at the start and the end.</summary>
    public int EvalEvery { get; init; } = 10;

    /// <summary>Held-out prompts per evaluation.</summary>
    public int EvalPrompts { get; init; } = 128;

    /// <summary>k of avg@k: samples per held-out prompt at temperature 1.</summary>
    public int EvalSamples { get; init; } = 4;

    /// <summary>The policy network.</summary>
    public PolicyOptions Policy { get; init; } = new();

    /// <summary>The supervised warm start on the task's noisy teacher.</summary>
    public WarmStartOptions WarmStart { get; init; } = new();

    /// <summary>Checkpoint every this many steps (and after the last).</summary>
    public int CheckpointEvery { get; init; } = 5;

    /// <summary>Throws naming the first field outside its allowed range; returns this when all are valid.</summary>
    public TrainingOptions Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Task, nameof(Task));
        OptionsGuard.Range("steps", Steps, 0, 1_000_000);
        OptionsGuard.Range("promptsPerStep", PromptsPerStep, 1, 4096);
        OptionsGuard.Range("groupSize", GroupSize, 2, 1024);
        OptionsGuard.Range("maxResponseLength", MaxResponseLength, 1, 1 << 20);
        OptionsGuard.Positive("temperature", Temperature);
        OptionsGuard.Range("topP", TopP, double.Epsilon, 1.0);
        if (!LossAggregations.IsKnown(Aggregator))
        {
            throw new ArgumentException($"aggregator: unknown name '{Aggregator}'; valid: {string.Join(", ", LossAggregations.Names)}.", "aggregator");
        }

        OptionsGuard.Range("alpha", Alpha, 0.0, 1.0);
        OptionsGuard.Range("adaptiveAlphaEvery", AdaptiveAlphaEvery, 1, 1_000_000);
        OptionsGuard.Range("adaptiveAlphaProbe", AdaptiveAlphaProbe, 3, 4096);
        _ = Advantages.AdvantageEstimators.Create(AdvantageEstimator);
        Loss.Validate();
        OptionsGuard.Positive("learningRate", LearningRate);
        OptionsGuard.Range("weightDecay", WeightDecay, 0.0, 1.0);
        OptionsGuard.Range("gradClip", GradClip, 0.0, 1e6);
        OptionsGuard.Range("ppoEpochs", PpoEpochs, 1, 100);
        OptionsGuard.Range("miniBatches", MiniBatches, 1, PromptsPerStep * GroupSize);
        OptionsGuard.Range("microBatchSize", MicroBatchSize, 1);
        OptionsGuard.Range("maxRefillRounds", MaxRefillRounds, 0, 100);
        OptionsGuard.Range("overlongBuffer", OverlongBuffer, 1, MaxResponseLength);
        OptionsGuard.Range("overlongPenalty", OverlongPenalty, 0.0, 100.0);
        OptionsGuard.Range("evalEvery", EvalEvery, 0);
        OptionsGuard.Range("evalPrompts", EvalPrompts, 1);
        OptionsGuard.Range("evalSamples", EvalSamples, 1, 1024);
        OptionsGuard.Range("checkpointEvery", CheckpointEvery, 1);
        Countdown.Validate();
        Policy.Validate();
        WarmStart.Validate();
        return this;
    }

    /// <summary>The aggregation these options select.</summary>
    public ILossAggregation CreateAggregation() => LossAggregations.Create(Aggregator, Alpha);
}
