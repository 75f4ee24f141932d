using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using TorchSharp;

namespace Orleans.Rlvr.Training.Tests.Engine;

[Collection(DeterministicTorchCollection.Name)]
public sealed class LearnerScopeTests
{
    private const int Vocab = 24;
    private const int M = 40;

    [Fact]
    public void StepScope_GivesEachMiniBatchItsShareOfTheStepsWeights_MiniBatchScopeNormalisesEachAlone()
    {
        // With a negligible learning rate the policy does not move between mini-batches, so the mini-batches' losses
        // under the step scope add up to the loss of the whole step taken in one update; per mini-batch they do not.
        var whole = PgLossSum(ScopeKind.Step, miniBatches: 1);
        var stepSplit = PgLossSum(ScopeKind.Step, miniBatches: 2);
        var miniBatchSplit = PgLossSum(ScopeKind.Batch, miniBatches: 2);

        Assert.Equal(whole, stepSplit, 1e-5);
        Assert.True(Math.Abs(miniBatchSplit - whole) > 1e-3, $"per mini-batch normalisation should not add up to the step's loss: {miniBatchSplit} vs {whole}");
    }

    [Fact]
    public void GradClipFraction_CountsTheUpdatesWhoseNormExceededTheClip()
    {
        var clipped = Update(ScopeKind.Step, miniBatches: 2, gradClip: 1e-9);
        var unclipped = Update(ScopeKind.Step, miniBatches: 2, gradClip: 1e5);
        var off = Update(ScopeKind.Step, miniBatches: 2, gradClip: 0);

        Assert.Equal(1.0, clipped[MetricNames.GradClipFraction]);
        Assert.Equal(0.0, unclipped[MetricNames.GradClipFraction]);
        Assert.Equal(0.0, off[MetricNames.GradClipFraction]);
        Assert.Equal(2, clipped[MetricNames.Updates]);
        Assert.Equal(1e-12, clipped[MetricNames.LearningRate]);   // verl's actor/lr
    }

    private static double PgLossSum(ScopeKind scope, int miniBatches)
    {
        var metrics = Update(scope, miniBatches, gradClip: 1);
        return metrics[MetricNames.PgLoss] * metrics[MetricNames.Updates];
    }

    private static IReadOnlyDictionary<string, double> Update(ScopeKind scope, int miniBatches, double gradClip)
    {
        torch.set_num_threads(1);
        var options = TrainingPresets.Get("smoke") with
        {
            Rollout = new RolloutOptions { PromptsPerStep = 4, GroupSize = 4, MaxResponseLength = M },
            Aggregation = new AggregationOptions { Aggregator = "dapo", Scope = scope },
            Ppo = new PpoOptions { LearningRate = 1e-12, MiniBatches = miniBatches, MicroBatchSize = 16, Optimizer = "sgd", GradClip = gradClip },
            Policy = new PolicyOptions { Width = 16, Depth = 1, Heads = 2, ContextLength = 64 },
        };
        using var policy = new TransformerPolicy(options.Policy, Vocab, seed: 3);
        using var learner = new Learner(policy, options, padId: 0);
        return learner.Update(Groups(), step: 1);
    }

    private static IReadOnlyList<ScoredGroup> Groups()
    {
        var random = new Random(5);
        return Enumerable.Range(0, 4).Select(g =>
        {
            // Lengths differ a lot between groups, so the two mini-batches hold different token counts.
            var responses = Enumerable.Range(0, 4).Select(i =>
            {
                var length = g < 2 ? 4 + i : 24 + 4 * i;
                return new ResponseSample(
                    Enumerable.Range(0, length).Select(_ => random.Next(3, Vocab)).ToArray(),
                    Enumerable.Range(0, length).Select(_ => (float)-random.NextDouble() * 3).ToArray(),
                    Truncated: false);
            }).ToArray();
            var rewards = new double[] { 1, 0, 1, 0 };
            var prompt = Enumerable.Range(0, 6).Select(_ => random.Next(3, Vocab)).ToArray();
            return new ScoredGroup(new PromptRef($"p{g}", "", prompt), responses, rewards, rewards.Select(r => r - 0.5).ToArray(), [true, true, true, true]);
        }).ToArray();
    }
}
