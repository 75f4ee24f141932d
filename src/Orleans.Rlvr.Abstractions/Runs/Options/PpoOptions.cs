namespace Orleans.Rlvr.Runs;

/// <summary>The PPO update: the clipped surrogate, the optimizer, and how a step's batch is cut (verl: <c>actor_rollout_ref.actor</c>).</summary>
[GenerateSerializer, Immutable, Alias("rlvr.PpoOptions")]
public sealed record PpoOptions
{
    /// <summary>PPO clip ratios and the optional KL term.</summary>
    [Id(0)] public PolicyLossOptions Loss { get; init; } = new();

    /// <summary>Learning rate (verl: <c>actor.optim.lr</c>).</summary>
    [Id(1)] public double LearningRate { get; init; } = 3e-4;

    /// <summary>Weight decay (decoupled for AdamW, L2 for the others).</summary>
    [Id(2)] public double WeightDecay { get; init; }

    /// <summary>Gradient-norm clip (verl: <c>actor.grad_clip</c>); 0 turns clipping off.</summary>
    [Id(3)] public double GradClip { get; init; } = 1.0;

    /// <summary>PPO epochs over each step's batch (verl: <c>actor.ppo_epochs</c>).</summary>
    [Id(4)] public int Epochs { get; init; } = 1;

    /// <summary>Optimizer updates per epoch: the batch is cut into this many mini-batches, each one aggregation scope.</summary>
    [Id(5)] public int MiniBatches { get; init; } = 1;

    /// <summary>The most sequences per forward/backward pass (verl: <c>ppo_micro_batch_size_per_gpu</c>); gradients accumulate. Rows of similar length go together, so a pass may hold fewer.</summary>
    [Id(6)] public int MicroBatchSize { get; init; } = 32;

    /// <summary>adamw (default), adam (β2 = 0.99) or sgd (plain): under AdamW aggregations that differ by a per-batch scale step alike.</summary>
    [Id(7)] public string Optimizer { get; init; } = "adamw";

    /// <summary>Throws naming the first field out of range; <paramref name="sequencesPerStep"/> (B·G) bounds the mini-batches.</summary>
    public PpoOptions Validate(int sequencesPerStep)
    {
        Loss.Validate();
        Guard.Positive("ppo.learningRate", LearningRate);
        Guard.Range("ppo.weightDecay", WeightDecay, 0.0, 1.0);
        Guard.Range("ppo.gradClip", GradClip, 0.0, 1e6);
        Guard.Range("ppo.epochs", Epochs, 1, 100);
        Guard.Range("ppo.miniBatches", MiniBatches, 1, Math.Max(1, sequencesPerStep));
        Guard.Range("ppo.microBatchSize", MicroBatchSize, 1);
        Guard.Require(!string.IsNullOrWhiteSpace(Optimizer), "ppo.optimizer", "must name an optimizer (adamw, adam or sgd)");
        return this;
    }
}
