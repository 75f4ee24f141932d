using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Benchmarks;

/// <summary>
/// The fixed workload every performance measurement shares (the quick preset's shapes): a policy of width 128,
/// depth 4, 4 heads; B·G = 128 sequences; prompts of 12 tokens; responses of exactly M = 160 sampled tokens.
/// </summary>
public static class BenchmarkWorkload
{
    public const int Vocab = 27;
    public const int Rows = 128;
    public const int PromptLength = 12;
    public const int ResponseLength = 160;
    public const int NeverEos = -1;   // sampling runs the full M steps, as the PyTorch baseline does

    public static PolicyOptions Policy => new() { Width = 128, Depth = 4, Heads = 4, ContextLength = PromptLength + ResponseLength };

    public static TransformerPolicy NewPolicy()
    {
        manual_seed(11);
        var policy = new TransformerPolicy(Policy, Vocab);
        policy.eval();
        return policy;
    }

    public static int[][] Prompts()
    {
        var random = new Random(5);
        return Enumerable.Range(0, Rows).Select(_ => new[] { 1 }.Concat(Enumerable.Range(1, PromptLength - 1).Select(_ => random.Next(3, Vocab))).ToArray()).ToArray();
    }

    /// <summary>16 groups of 8 responses with lengths spread over [20, 160], as the learner receives them.</summary>
    public static IReadOnlyList<ScoredGroup> Groups()
    {
        var random = new Random(6);
        var prompts = Prompts();
        return Enumerable.Range(0, Rows / 8).Select(g =>
        {
            var responses = Enumerable.Range(0, 8).Select(_ =>
            {
                var length = random.Next(20, ResponseLength + 1);
                return new ResponseSample(
                    Enumerable.Range(0, length).Select(_ => random.Next(3, Vocab)).ToArray(),
                    Enumerable.Range(0, length).Select(_ => (float)-random.NextDouble() * 3).ToArray(),
                    Truncated: false);
            }).ToArray();
            var rewards = responses.Select(_ => (double)random.Next(2)).ToArray();
            return new ScoredGroup(new PromptRef($"p{g}", "", prompts[g]), responses, rewards, rewards.Select(r => r - 0.5).ToArray(), Enumerable.Repeat(true, 8).ToArray());
        }).ToArray();
    }

    public static TrainingOptions LearnerOptions => new() { Policy = Policy, MaxResponseLength = ResponseLength, MicroBatchSize = 64, PromptsPerStep = Rows / 8, GroupSize = 8 };

    /// <summary>Approximate FLOPs of one learner update: per real token 6·parameters (forward + backward) plus attention 12·depth·T·width.</summary>
    public static double LearnerFlops(TransformerPolicy policy, IReadOnlyList<ScoredGroup> groups)
    {
        var parameters = (double)policy.parameters().Sum(p => p.numel());
        return groups.SelectMany(g => g.Responses.Select(r => (double)(g.Prompt.Tokens.Length + r.Length)))
            .Sum(t => 6.0 * parameters * t + 12.0 * Policy.Depth * t * t * Policy.Width);
    }
}
