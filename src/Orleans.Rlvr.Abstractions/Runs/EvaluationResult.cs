namespace Orleans.Rlvr.Runs;

/// <summary>Held-out accuracy after a step: greedy accuracy and avg@k at temperature 1 (the paper's metric).</summary>
/// <param name="Step">The RL step after which the policy was evaluated (0: the warm-start policy).</param>
/// <param name="GreedyAccuracy">Share of held-out prompts solved by the greedy response.</param>
/// <param name="AverageAtK">Mean reward over k samples per prompt at temperature 1.</param>
/// <param name="K">k of avg@k.</param>
/// <param name="Prompts">Held-out prompts evaluated.</param>
/// <param name="MeanResponseLength">Mean length of the sampled responses.</param>
/// <param name="Examples">A few held-out prompts with the greedy response, for a person to read.</param>
[GenerateSerializer, Immutable, Alias("rlvr.EvaluationResult")]
public sealed record EvaluationResult(
    [property: Id(0)] int Step,
    [property: Id(1)] double GreedyAccuracy,
    [property: Id(2)] double AverageAtK,
    [property: Id(3)] int K,
    [property: Id(4)] int Prompts,
    [property: Id(5)] double MeanResponseLength,
    [property: Id(6)] IReadOnlyList<string> Examples)
{
    /// <summary>pass@k: share of held-out prompts that at least one of the k samples solved (NaN in results written before it existed).</summary>
    [Id(7)] public double PassAtK { get; init; } = double.NaN;

    /// <summary>The task's diagnostics of the sampled responses (e.g. <c>countdown/step_accuracy</c>); empty when it has none.</summary>
    [Id(8)] public IReadOnlyDictionary<string, double> Diagnostics { get; init; } = new Dictionary<string, double>();
}
