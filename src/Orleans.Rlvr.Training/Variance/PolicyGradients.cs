using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Loss;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Variance;

/// <summary>
/// Per-sample gradients g_i = ∇θ Σ_t ℓ_{i,t} (summed over the counted tokens, no length normalization) of the run's
/// PPO token loss without the KL term, at the sampling policy: ρ = 1 there, so g_i = −A_i Σ_t ∇θ log π(y_t | q, y_&lt;t).
/// Groups of G responses to the run's next train prompts are sampled and scored as a training step would (GroupScorer:
/// rewards, overlong handling, the run's advantage estimator; dynamic sampling drops the groups it would drop).
/// </summary>
public static class PolicyGradients
{
    /// <summary>Samples ⌊samples / G⌋ groups and computes one gradient vector per response with A_i ≠ 0 (the rest are zero).</summary>
    /// <remarks>
    /// The first <paramref name="tokenResponses"/> responses with A_i ≠ 0 also get their token-score terms
    /// (<see cref="TokenScoreTerms"/>): one backward pass per counted token.
    /// </remarks>
    public static GradientPool Sample(StudyPolicy study, int samples, long seed, IProgress<VarianceProgress>? progress = null, int tokenResponses = 0)
    {
        var (options, task, policy) = (study.Options, study.Task, study.Policy);
        var groupSize = options.Rollout.GroupSize;
        new VarianceOptions { Samples = samples }.ValidateFor(options);
        var groupCount = samples / groupSize;
        var prompts = task.Prompts(TaskSplit.Train, study.PromptOffset, groupCount);
        var encoded = prompts.Select(p => PromptEncoding.Encode(p, task.Tokenizer)).ToArray();
        progress?.Report(new VarianceProgress("sampling", 0, groupCount));
        policy.eval();
        var responses = new RolloutGenerator(policy, task.Tokenizer).Generate(encoded, groupSize, SamplingSettings.ForRollouts(options), new Generator((ulong)seed));
        var scorer = new GroupScorer(task, options);
        var scored = prompts.Select((p, i) => scorer.Score(p, encoded[i], responses[i]))
            .Where(g => !(options.Rollout.DynamicSampling && g.IsDegenerate))
            .ToArray();
        progress?.Report(new VarianceProgress("sampling", groupCount, groupCount));

        var loss = options.Ppo.Loss with { KlCoef = 0 };
        var parameters = policy.TrainableParameters().ToArray();
        var total = scored.Sum(g => g.Advantages.Count(a => a != 0));
        var done = 0;
        var groups = new List<IReadOnlyList<GradientSample>>(scored.Length);
        foreach (var group in scored)
        {
            var samplesOfGroup = new GradientSample[group.Responses.Count];
            for (var i = 0; i < samplesOfGroup.Length; i++)
            {
                var row = new SequenceRow(group.Prompt.Tokens, group.Responses[i].Tokens, group.Responses[i].LogProbs, group.Advantages[i], group.Included[i], 0);
                float[]? gradient = null;
                TokenScoreTerms? tokens = null;
                if (row.Advantage != 0 && row.Length > 0)
                {
                    gradient = Gradient(policy, parameters, row, task.Tokenizer.PadId, loss);
                    if (done < tokenResponses)
                    {
                        tokens = TokenTerms(policy, parameters, row, task.Tokenizer.PadId);
                    }

                    done++;
                    progress?.Report(new VarianceProgress("per-sample gradients", done, total));
                }

                samplesOfGroup[i] = new GradientSample(row.Length, row.Advantage, gradient, tokens);
            }

            groups.Add(samplesOfGroup);
        }

        if (groups.Count == 0)
        {
            throw new InvalidOperationException("Dynamic sampling dropped every sampled group (all rewards equal in each); sample more (samples).");
        }

        return GradientPool.Create(groups, options.Rollout.MaxResponseLength);
    }

    /// <summary>‖Σ_t s_t‖² and Σ_t ‖s_t‖² of one response's token scores s_t = ∇θ log π(y_t | q, y_&lt;t): one backward pass per counted token.</summary>
    private static TokenScoreTerms TokenTerms(CausalPolicy policy, Parameter[] parameters, SequenceRow row, int padId)
    {
        using var scope = NewDisposeScope();
        var device = parameters[0].device;
        var batch = SequenceBatch.Build([row], padId, device);
        var (logProbs, _) = SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth);      // [1, R]
        var counted = batch.ResponseMask[0].cpu().data<float>().ToArray();
        Tensor? sum = null;
        var tokenSquares = 0.0;
        for (var t = 0; t < counted.Length; t++)
        {
            if (counted[t] == 0)
            {
                continue;
            }

            using var tokenScope = NewDisposeScope();
            policy.zero_grad();
            logProbs[0, t].backward(retain_graph: true);
            var score = FlatGradient(parameters).to_type(ScalarType.Float64);
            tokenSquares += score.dot(score).item<double>();
            sum = sum is null ? score.MoveToOuterDisposeScope() : sum.add_(score);
        }

        policy.zero_grad();
        return new TokenScoreTerms(sum is null ? 0 : sum.dot(sum).item<double>(), tokenSquares);
    }

    /// <summary>g_i for one response: the backward pass of Σ_t ℓ_{i,t}, every parameter's gradient flattened in order, [D].</summary>
    private static float[] Gradient(CausalPolicy policy, Parameter[] parameters, SequenceRow row, int padId, PolicyLossOptions loss)
    {
        using var scope = NewDisposeScope();
        policy.zero_grad();
        var device = parameters[0].device;
        var batch = SequenceBatch.Build([row], padId, device);
        var (logProbs, _) = SequenceLogProbs.Compute(policy, batch.Tokens, batch.Valid, batch.PromptWidth);
        var tokenLoss = PpoTokenLoss.Compute(logProbs, batch.OldLogProbs, batch.Advantages, batch.ResponseMask, loss);
        AggregatedLoss.Compute(tokenLoss.Values, batch.ResponseMask, ones(1, device: device)).backward();   // x_i = 1: Σ_t ℓ_{i,t}
        var flat = FlatGradient(parameters).cpu();
        return flat.to_type(ScalarType.Float32).data<float>().ToArray();
    }

    /// <summary>Every parameter's gradient flattened in order (zeros for a parameter without one), [D].</summary>
    private static Tensor FlatGradient(Parameter[] parameters) =>
        cat(parameters.Select(p => p.grad is { } grad ? grad.flatten() : zeros(p.numel(), device: p.device)).ToArray());
}
