using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Loss;
using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Loss;

/// <summary>
/// The step loss and its gradients (TorchSharp autograd) must not depend on how a step is split into
/// micro-batches: weights come from the whole scope, each micro-batch contributes its own rows' share.
/// </summary>
public sealed class MicroBatchSplitTests
{
    private static readonly int[] Lengths = [10, 3, 7, 1, 0, 5, 9];   // uneven, one fully masked
    private const int T = 10;
    private const int Vocab = 5;
    private const int M = 12;

    public static TheoryData<string, double, int> Cases()
    {
        var data = new TheoryData<string, double, int>();
        foreach (var (name, alpha) in new[] { ("grpo", 1.0), ("dapo", 1.0), ("dr-grpo", 1.0), ("delta-l", 0.5), ("delta-l", 1.0) })
        {
            foreach (var microBatches in new[] { 1, 2, 4 })
            {
                data.Add(name, alpha, microBatches);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndGradients_AreInvariantToMicroBatchSplit(string aggregator, double alpha, int microBatches)
    {
        using var scope = NewDisposeScope();
        var problem = Problem.Create(seed: 42);
        var weights = SequenceWeights.Compute(LossAggregations.Create(aggregator, alpha), Lengths, M);

        var (wholeLoss, wholeGrad) = problem.Run(weights, [Lengths.Length]);
        var (splitLoss, splitGrad) = problem.Run(weights, Split(Lengths.Length, microBatches));

        Assert.Equal(wholeLoss, splitLoss, 1e-13);
        Assert.True(wholeGrad.allclose(splitGrad, rtol: 0, atol: 1e-13), $"{aggregator}: gradients differ across a {microBatches}-way split");
        Assert.True(wholeGrad.abs().sum().item<double>() > 0, "the gradient must not be trivially zero");
    }

    [Fact]
    public void NaivePerMicroBatchTokenMean_IsNotInvariantToTheSplit()
    {
        using var scope = NewDisposeScope();
        var problem = Problem.Create(seed: 42);
        var whole = problem.RunNaiveTokenMean([Lengths.Length]);
        var split = problem.RunNaiveTokenMean(Split(Lengths.Length, 2));
        Assert.True(Math.Abs(whole - split) > 1e-3, $"naive token mean: whole {whole} vs split {split}");

        // The whole-scope DAPO weights give the same number as the naive token mean over the whole batch.
        var dapo = problem.Run(SequenceWeights.Compute(new DapoAggregation(), Lengths, M), Split(Lengths.Length, 2)).Loss;
        Assert.Equal(whole, dapo, 1e-13);
    }

    private static int[] Split(int count, int parts)
    {
        // Uneven chunk sizes, e.g. 7 rows in 4 parts: 2, 2, 2, 1.
        var sizes = new int[parts];
        for (var i = 0; i < count; i++)
        {
            sizes[i % parts]++;
        }

        return sizes;
    }

    private sealed record Problem(Tensor Logits, Tensor Tokens, Tensor OldLogProbs, Tensor Advantages, Tensor Mask)
    {
        public static Problem Create(int seed)
        {
            var generator = new Generator((ulong)seed);
            var n = Lengths.Length;
            var logits = randn([n, T, Vocab], ScalarType.Float64, generator: generator);
            var tokens = randint(0, Vocab, [n, T, 1], generator: generator);
            var mask = arange(T).unsqueeze(0).lt(tensor(Lengths).unsqueeze(1)).to_type(ScalarType.Float64);   // [n, T]
            var oldLogp = LogProbs(logits, tokens) + 0.3 * randn([n, T], ScalarType.Float64, generator: generator);
            var advantages = randn([n], ScalarType.Float64, generator: generator);
            return new Problem(logits, tokens, oldLogp, advantages, mask);
        }

        /// <summary>Loss and gradient after backward over the given micro-batch sizes (gradient accumulation).</summary>
        public (double Loss, Tensor Grad) Run(double[] weights, int[] microBatchSizes)
        {
            var theta = Logits.clone().requires_grad_(true);
            var total = 0.0;
            var start = 0;
            foreach (var size in microBatchSizes)
            {
                var (tokenLoss, mask) = TokenLosses(theta, start, size);
                var loss = AggregatedLoss.Compute(tokenLoss.Values, mask, tensor(weights[start..(start + size)], ScalarType.Float64));
                loss.backward();
                total += loss.item<double>();
                start += size;
            }

            return (total, theta.grad!.clone());
        }

        /// <summary>The common mistake: a token mean inside each micro-batch, averaged over micro-batches.</summary>
        public double RunNaiveTokenMean(int[] microBatchSizes)
        {
            var total = 0.0;
            var start = 0;
            foreach (var size in microBatchSizes)
            {
                var (tokenLoss, mask) = TokenLosses(Logits, start, size);
                total += (tokenLoss.Values.sum() / mask.sum()).item<double>() / microBatchSizes.Length;
                start += size;
            }

            return total;
        }

        /// <summary>PPO token losses and mask of rows [start, start + size), computed from <paramref name="logits"/>.</summary>
        private (TokenLoss TokenLoss, Tensor Mask) TokenLosses(Tensor logits, int start, int size)
        {
            var rows = arange(start, start + size);
            var logp = LogProbs(logits.index_select(0, rows), Tokens.index_select(0, rows));
            var mask = Mask.index_select(0, rows);
            return (PpoTokenLoss.Compute(logp, OldLogProbs.index_select(0, rows), Advantages.index_select(0, rows), mask, new PolicyLossOptions()), mask);
        }

        private static Tensor LogProbs(Tensor logits, Tensor tokens) =>
            logits.log_softmax(-1).gather(-1, tokens).squeeze(-1);   // [n, T]
    }
}
