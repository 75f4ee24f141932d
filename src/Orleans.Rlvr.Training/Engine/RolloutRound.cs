using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// One step's sampling, the only implementation of it (used by <see cref="Trainer"/> in one process and by the run grain
/// across the cluster): B prompt groups from the train stream at the cursor, each sampled with its own generator seeded
/// by (run seed, step, prompt index) — <see cref="StepSeeds.Group"/> — so a group draws the same responses wherever and
/// with whatever it is batched; with DAPO's dynamic sampling, groups whose rewards are all equal are dropped and further
/// rounds of B prompts are sampled until B groups are kept or <see cref="RolloutOptions.MaxRefillRounds"/> run out.
/// </summary>
public sealed class RolloutRound(RolloutOptions options)
{
    /// <summary>
    /// Gathers step <paramref name="step"/>'s groups: <paramref name="sample"/> samples and scores the groups of the
    /// given prompt indices (in order); <paramref name="isDegenerate"/> tells whether a group's rewards are all equal.
    /// </summary>
    public async Task<RoundResult<TGroup>> Gather<TGroup>(int cursor, Func<IReadOnlyList<int>, Task<IReadOnlyList<TGroup>>> sample, Func<TGroup, bool> isDegenerate)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var kept = new List<TGroup>();
        var rounds = 0;
        var sampled = 0;
        do
        {
            var prompts = Enumerable.Range(cursor, options.PromptsPerStep).ToArray();
            cursor += prompts.Length;
            var groups = await sample(prompts);
            kept.AddRange(options.DynamicSampling ? groups.Where(g => !isDegenerate(g)) : groups);
            sampled += prompts.Length;
            rounds++;
        }
        while (options.DynamicSampling && kept.Count < options.PromptsPerStep && rounds <= options.MaxRefillRounds);

        return new RoundResult<TGroup>(kept.Take(options.PromptsPerStep).ToArray(), cursor, rounds, sampled);
    }
}

/// <summary>The groups a step keeps, the train-stream cursor after it, and how many rounds and prompts it sampled.</summary>
public sealed record RoundResult<TGroup>(IReadOnlyList<TGroup> Kept, int Cursor, int Rounds, int PromptsSampled);
