using Orleans.Rlvr.Training.Telemetry;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>Samples G responses for each prompt with the current policy, all prompts in one KV-cached batch.</summary>
public sealed class RolloutGenerator(CausalPolicy policy, ITokenizer tokenizer)
{
    /// <summary>Rows sampled together at most; larger requests are cut into chunks.</summary>
    public int MaxBatchRows { get; init; } = 512;

    /// <summary>The G responses of each prompt, in prompt order.</summary>
    public IReadOnlyList<IReadOnlyList<ResponseSample>> Generate(IReadOnlyList<PromptRef> prompts, int groupSize, SamplingSettings settings, Generator generator)
    {
        var rows = prompts.SelectMany(p => Enumerable.Repeat(p.Tokens, groupSize)).ToArray();
        var samples = new List<ResponseSample>(rows.Length);
        for (var start = 0; start < rows.Length; start += MaxBatchRows)
        {
            var chunk = rows.Skip(start).Take(MaxBatchRows).ToArray();
            samples.AddRange(PolicySampler.Sample(policy, chunk, settings, tokenizer.StopIds, tokenizer.PadId, [new RowBlock(chunk.Length, generator)]));
        }

        RlvrMeter.TokensSampled.Add(samples.Sum(s => (long)s.Length));
        return Enumerable.Range(0, prompts.Count)
            .Select(p => (IReadOnlyList<ResponseSample>)samples.GetRange(p * groupSize, groupSize))
            .ToArray();
    }

    /// <summary>
    /// The G responses of each prompt, prompt i drawing from <paramref name="generators"/>[i]: all prompts share one
    /// batch, yet each group gets the responses it would get sampled alone with its generator (up to floating-point
    /// rounding of the batched forward pass).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ResponseSample>> Generate(IReadOnlyList<PromptRef> prompts, int groupSize, SamplingSettings settings, IReadOnlyList<Generator> generators)
    {
        if (generators.Count != prompts.Count)
        {
            throw new ArgumentException($"generators: {generators.Count} given for {prompts.Count} prompts; one per prompt.", nameof(generators));
        }

        var promptsPerChunk = Math.Max(1, MaxBatchRows / groupSize);
        var groups = new List<IReadOnlyList<ResponseSample>>(prompts.Count);
        for (var start = 0; start < prompts.Count; start += promptsPerChunk)
        {
            var count = Math.Min(promptsPerChunk, prompts.Count - start);
            var rows = prompts.Skip(start).Take(count).SelectMany(p => Enumerable.Repeat(p.Tokens, groupSize)).ToArray();
            var blocks = generators.Skip(start).Take(count).Select(g => new RowBlock(groupSize, g)).ToArray();
            var samples = PolicySampler.Sample(policy, rows, settings, tokenizer.StopIds, tokenizer.PadId, blocks);
            RlvrMeter.TokensSampled.Add(samples.Sum(s => (long)s.Length));
            groups.AddRange(Enumerable.Range(0, count).Select(p => (IReadOnlyList<ResponseSample>)samples.Skip(p * groupSize).Take(groupSize).ToArray()));
        }

        return groups;
    }
}
