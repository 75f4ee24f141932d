using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks.Countdown;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

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

    public static PolicyOptions Policy => PolicyFor(ResponseLength);

    /// <summary>The benchmark model with room for prompts and <paramref name="maxResponseLength"/> response tokens.</summary>
    public static PolicyOptions PolicyFor(int maxResponseLength) =>
        new() { Width = 128, Depth = 4, Heads = 4, ContextLength = PromptLength + maxResponseLength };

    public static TransformerPolicy NewPolicy(int maxResponseLength = ResponseLength)
    {
        manual_seed(11);
        var policy = new TransformerPolicy(PolicyFor(maxResponseLength), Vocab);
        policy.eval();
        return policy;
    }

    public static int[][] Prompts(int rows = Rows)
    {
        var random = new Random(5);
        return Enumerable.Range(0, rows).Select(_ => new[] { 1 }.Concat(Enumerable.Range(1, PromptLength - 1).Select(_ => random.Next(3, Vocab))).ToArray()).ToArray();
    }

    /// <summary>16 groups of 8 responses with lengths spread over [20, 160], as the learner receives them.</summary>
    public static IReadOnlyList<ScoredGroup> Groups() => Groups(Rows / 8, 8, ResponseLength);

    /// <summary><paramref name="groups"/> groups of <paramref name="groupSize"/> responses with lengths spread over [M/8, M].</summary>
    public static IReadOnlyList<ScoredGroup> Groups(int groups, int groupSize, int maxResponseLength)
    {
        var random = new Random(6);
        var prompts = Prompts(groups);
        return Enumerable.Range(0, groups).Select(g =>
        {
            var responses = Enumerable.Range(0, groupSize).Select(_ =>
            {
                var length = random.Next(Math.Max(1, maxResponseLength / 8), maxResponseLength + 1);
                return new ResponseSample(
                    Enumerable.Range(0, length).Select(_ => random.Next(3, Vocab)).ToArray(),
                    Enumerable.Range(0, length).Select(_ => (float)-random.NextDouble() * 3).ToArray(),
                    Truncated: false);
            }).ToArray();
            var rewards = responses.Select(_ => (double)random.Next(2)).ToArray();
            return new ScoredGroup(new PromptRef($"p{g}", "", prompts[g]), responses, rewards, rewards.Select(r => r - 0.5).ToArray(), Enumerable.Repeat(true, groupSize).ToArray());
        }).ToArray();
    }

    public static RunOptions LearnerOptions => LearnerOptionsFor(Rows / 8, 8, ResponseLength);

    public static RunOptions LearnerOptionsFor(int groups, int groupSize, int maxResponseLength) =>
        new()
        {
            Task = CountdownTask.Preset("quick"),
            Policy = PolicyFor(maxResponseLength),
            Rollout = new RolloutOptions { MaxResponseLength = maxResponseLength, PromptsPerStep = groups, GroupSize = groupSize },
            Ppo = new PpoOptions { MicroBatchSize = 64 },
        };

    /// <summary>Approximate FLOPs of one learner update: per real token 6·parameters (forward + backward) plus attention 12·depth·T·width.</summary>
    public static double LearnerFlops(TransformerPolicy policy, IReadOnlyList<ScoredGroup> groups)
    {
        var width = policy.Options.Width;
        var depth = policy.Options.Depth;
        var parameters = (double)policy.parameters().Sum(p => p.numel());
        return groups.SelectMany(g => g.Responses.Select(r => (double)(g.Prompt.Tokens.Length + r.Length)))
            .Sum(t => 6.0 * parameters * t + 12.0 * depth * t * t * width);
    }
}
