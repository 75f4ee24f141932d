namespace Orleans.Rlvr.Runs;

/// <summary>Held-out evaluation: avg@k at temperature 1 (the paper's metric) and greedy accuracy.</summary>
[GenerateSerializer, Immutable, Alias("rlvr.EvaluationOptions")]
public sealed record EvaluationOptions
{
    /// <summary>Evaluate every this many steps (and after the last); 0 evaluates only at the start and the end.</summary>
    [Id(0)] public int Every { get; init; } = 10;

    /// <summary>Held-out prompts per evaluation, drawn from the test split's stream; 0 evaluates every distinct test problem exactly once.</summary>
    [Id(1)] public int Prompts { get; init; } = 128;

    /// <summary>k of avg@k: samples per held-out prompt at temperature 1.</summary>
    [Id(2)] public int Samples { get; init; } = 4;

    public EvaluationOptions Validate()
    {
        Guard.Range("evaluation.every", Every, 0);
        Guard.Range("evaluation.prompts", Prompts, 0);
        Guard.Range("evaluation.samples", Samples, 1, 1024);
        return this;
    }
}
