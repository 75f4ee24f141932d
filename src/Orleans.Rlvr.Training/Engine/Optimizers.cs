using Orleans.Rlvr.Runs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// The learner's optimizers (<c>ppo.optimizer</c>). The choice matters to the aggregation comparison: AdamW divides
/// each coordinate by its running RMS, so two aggregations whose losses differ by a per-batch scale (ΔL α = 1 against
/// GRPO, Dr. GRPO against DAPO within one scope) take almost the same steps under it; plain SGD keeps the scale.
/// </summary>
public static class Optimizers
{
    /// <summary>AdamW (β = 0.9, 0.999; decoupled weight decay): the default, as in verl.</summary>
    public const string AdamW = "adamw";

    /// <summary>Adam with β2 = 0.99 (L2 weight decay): a shorter second-moment memory.</summary>
    public const string Adam = "adam";

    /// <summary>Plain SGD, no momentum: the update is the gradient times the learning rate, scale included.</summary>
    public const string Sgd = "sgd";

    /// <summary>The valid names of <c>ppo.optimizer</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [AdamW, Adam, Sgd];

    /// <summary>A new optimizer of <paramref name="ppo"/>'s kind over <paramref name="parameters"/>.</summary>
    public static OptimizerHelper Create(PpoOptions ppo, IEnumerable<Parameter> parameters) => ppo.Optimizer switch
    {
        AdamW => optim.AdamW(parameters, ppo.LearningRate, weight_decay: ppo.WeightDecay),
        Adam => optim.Adam(parameters, ppo.LearningRate, beta1: 0.9, beta2: 0.99, weight_decay: ppo.WeightDecay),
        Sgd => optim.SGD(parameters, ppo.LearningRate, weight_decay: ppo.WeightDecay),
        _ => throw new ArgumentOutOfRangeException("ppo.optimizer", ppo.Optimizer, $"ppo.optimizer must be one of {string.Join(", ", Names)}."),
    };
}
