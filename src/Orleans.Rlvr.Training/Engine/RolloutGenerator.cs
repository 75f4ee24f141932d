using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>Samples G responses for each prompt with the current policy, all prompts in one KV-cached batch.</summary>
public sealed class RolloutGenerator(TransformerPolicy policy, ITokenizer tokenizer)
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
            samples.AddRange(PolicySampler.Sample(policy, chunk, settings, tokenizer.EosId, tokenizer.PadId, generator));
        }

        return Enumerable.Range(0, prompts.Count)
            .Select(p => (IReadOnlyList<ResponseSample>)samples.GetRange(p * groupSize, groupSize))
            .ToArray();
    }
}
