using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Loss;
using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// The learner's update for one step: PPO epochs over the step's groups, each epoch cut into mini-batches (one
/// optimizer update and one aggregation scope each), each mini-batch into micro-batches of similar lengths
/// (<see cref="MicroBatchPlan"/>) whose gradients accumulate. Weights x_i come from the whole mini-batch, so the
/// micro-batching changes nothing but memory, time and floating-point summation order.
/// </summary>
public sealed class Learner : IDisposable
{
    private readonly CausalPolicy _policy;
    private readonly CausalPolicy? _reference;
    private readonly RunOptions _options;
    private readonly ILossAggregation _aggregation;
    private readonly int _padId;

    public Learner(CausalPolicy policy, RunOptions options, int padId, CausalPolicy? reference = null)
    {
        _policy = policy;
        _reference = reference;
        _options = options;
        _padId = padId;
        _aggregation = LossAggregations.Create(options.Aggregation, options.Seed);
        Optimizer = Optimizers.Create(options.Ppo, policy.TrainableParameters());
        if (options.Ppo.Loss.KlCoef > 0 && reference is null)
        {
            throw new ArgumentException("A reference policy is required when loss.klCoef > 0.", nameof(reference));
        }
    }

    /// <summary>The optimizer over the policy's parameters (<see cref="Optimizers"/>); saved and restored with checkpoints.</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>The run's aggregation; an <see cref="IAdaptiveAggregation"/> carries state the checkpoints keep.</summary>
    public ILossAggregation Aggregation => _aggregation;

    /// <summary>Runs the PPO update on a step's scored groups and returns verl-named metrics.</summary>
    public Dictionary<string, double> Update(IReadOnlyList<ScoredGroup> groups, int step)
    {
        var rows = Rows(groups);
        var device = _policy.Device();
        var totals = new MetricTotals();
        _policy.train();
        var learned = _aggregation is IAdaptiveAggregation adaptive
            ? adaptive.BeforeUpdate(step, new Probe(this, rows))
            : new Dictionary<string, double>();
        // Step scope: the weights come from the whole step's batch, once, and each mini-batch keeps its rows' share.
        Dictionary<SequenceRow, double>? stepWeights = null;
        if (_options.Aggregation.Scope == ScopeKind.Step)
        {
            var all = SequenceWeights.Compute(_aggregation, rows.Select(r => r.Length).ToArray(), _options.Rollout.MaxResponseLength, ScopeKind.Step);
            stepWeights = new Dictionary<SequenceRow, double>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < rows.Count; i++)
            {
                stepWeights[rows[i]] = all[i];
            }
        }

        for (var epoch = 0; epoch < _options.Ppo.Epochs; epoch++)
        {
            foreach (var miniBatch in MiniBatches(rows, groups.Count, step, epoch))
            {
                var lengths = miniBatch.Select(r => r.Length).ToArray();
                var weights = stepWeights is not null
                    ? miniBatch.Select(r => stepWeights[r]).ToArray()
                    : SequenceWeights.Compute(_aggregation, lengths, _options.Rollout.MaxResponseLength, _options.Aggregation.Scope, miniBatch.Select(r => r.Group).ToArray());
                Optimizer.zero_grad();
                var padded = miniBatch.Select(r => r.PromptTokens.Length + r.ResponseTokens.Length).ToArray();
                foreach (var indices in MicroBatchPlan.Plan(padded, _options.Ppo.MicroBatchSize))
                {
                    MicroBatch(indices.Select(i => miniBatch[i]).ToArray(), indices.Select(i => weights[i]).ToArray(), device, totals);
                }

                var norm = _options.Ppo.GradClip > 0
                    ? nn.utils.clip_grad_norm_(_policy.TrainableParameters(), _options.Ppo.GradClip)
                    : nn.utils.clip_grad_norm_(_policy.TrainableParameters(), float.MaxValue);   // LibTorch takes the bound as a float: double.MaxValue overflowed
                totals.GradNorms.Add(norm);
                totals.GradClipped += _options.Ppo.GradClip > 0 && norm > _options.Ppo.GradClip ? 1 : 0;
                Optimizer.step();
            }
        }

        var metrics = totals.ToMetrics(_options.Ppo.Epochs);
        metrics[MetricNames.LearningRate] = _options.Ppo.LearningRate;
        foreach (var (key, value) in learned)
        {
            metrics[key] = value;
        }

        return metrics;
    }

    public void Dispose() => Optimizer.Dispose();

    private void MicroBatch(SequenceRow[] rows, double[] weights, Device device, MetricTotals totals)
    {
        using var scope = NewDisposeScope();
        var batch = SequenceBatch.Build(rows, _padId, device);
        var (logProbs, entropy) = SequenceLogProbs.Compute(_policy, batch.Tokens, batch.Valid, batch.PromptWidth);
        Tensor? refLogProbs = null;
        if (_reference is not null && _options.Ppo.Loss.KlCoef > 0)
        {
            using var noGrad = no_grad();
            refLogProbs = SequenceLogProbs.Compute(_reference, batch.Tokens, batch.Valid, batch.PromptWidth).LogProbs;
        }

        var tokenLoss = PpoTokenLoss.Compute(logProbs, batch.OldLogProbs, batch.Advantages, batch.ResponseMask, _options.Ppo.Loss, refLogProbs);
        var loss = AggregatedLoss.Compute(tokenLoss.Values, batch.ResponseMask, tensor(weights, ScalarType.Float32, device));
        loss.backward();

        var counted = batch.ResponseMask.sum().item<float>();
        totals.Loss += loss.item<float>();
        totals.Tokens += counted;
        totals.Clipped += tokenLoss.Clipped.to_type(ScalarType.Float32).sum().item<float>();
        totals.DualClipped += tokenLoss.DualClipped.to_type(ScalarType.Float32).sum().item<float>();
        totals.ApproxKl += tokenLoss.ApproxKl.sum().item<float>();
        totals.Entropy += (entropy.detach() * batch.ResponseMask).sum().item<float>();
        if (tokenLoss.ReferenceKl is { } kl)
        {
            totals.ReferenceKl += kl.sum().item<float>();
        }
    }

    private static List<SequenceRow> Rows(IReadOnlyList<ScoredGroup> groups)
    {
        var rows = new List<SequenceRow>();
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            for (var i = 0; i < group.Responses.Count; i++)
            {
                var response = group.Responses[i];
                rows.Add(new SequenceRow(group.Prompt.Tokens, response.Tokens, response.LogProbs, group.Advantages[i], group.Included[i], g));
            }
        }

        return rows;
    }

    /// <summary>Groups are shuffled (seeded by step and epoch) and dealt into mini-batches; a group never straddles two.</summary>
    private IEnumerable<List<SequenceRow>> MiniBatches(List<SequenceRow> rows, int groupCount, int step, int epoch)
    {
        var order = Enumerable.Range(0, groupCount).ToArray();
        if (_options.Ppo.MiniBatches > 1)
        {
            new Random((int)(StepSeeds.MiniBatchOrder(_options.Seed, step, epoch) & int.MaxValue)).Shuffle(order);
        }

        var miniBatches = Math.Min(_options.Ppo.MiniBatches, groupCount);
        for (var m = 0; m < miniBatches; m++)
        {
            var members = order.Where((_, k) => k % miniBatches == m).ToHashSet();
            yield return rows.Where(r => members.Contains(r.Group)).ToList();
        }
    }

    /// <summary>The adaptive aggregation's view of the step's batch: per-response gradients of the current policy.</summary>
    private sealed class Probe(Learner learner, IReadOnlyList<SequenceRow> rows) : IGradientProbe
    {
        public (int[] Lengths, double[] SquaredDeviations) Measure(int count, long seed) =>
            AlphaProbe.Measure(learner._policy, rows, count, learner._padId, seed);
    }

    private sealed class MetricTotals
    {
        public double Loss;
        public double Tokens;
        public double Clipped;
        public double DualClipped;
        public double ApproxKl;
        public double Entropy;
        public double ReferenceKl;
        public readonly List<double> GradNorms = [];
        public int GradClipped;

        public Dictionary<string, double> ToMetrics(int epochs)
        {
            var tokens = Math.Max(1.0, Tokens);
            return new Dictionary<string, double>
            {
                [MetricNames.PgLoss] = Loss / Math.Max(1, GradNorms.Count),
                [MetricNames.PgClipFraction] = Clipped / tokens,
                [MetricNames.PgClipFractionLower] = DualClipped / tokens,
                [MetricNames.PpoKl] = ApproxKl / tokens,
                [MetricNames.Entropy] = Entropy / tokens,
                [MetricNames.KlLoss] = ReferenceKl / tokens,
                [MetricNames.GradNorm] = GradNorms.Count == 0 ? 0 : GradNorms.Average(),
                [MetricNames.GradClipFraction] = GradNorms.Count == 0 ? 0 : (double)GradClipped / GradNorms.Count,
                [MetricNames.Updates] = GradNorms.Count,
                [MetricNames.PpoEpochs] = epochs,
            };
        }
    }
}
