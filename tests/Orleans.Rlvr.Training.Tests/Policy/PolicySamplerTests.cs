using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Policy;

public sealed class PolicySamplerTests
{
    private const int Pad = 0;
    private const int Eos = 2;
    private const int Vocab = 12;

    private static readonly int[][] Prompts = [[1, 5, 6, 7, 8], [1, 9], [1, 4, 4, 3]];

    private static TransformerPolicy NewPolicy(int seed)
    {
        manual_seed(seed);
        return new TransformerPolicy(new PolicyOptions { Width = 32, Depth = 2, Heads = 4, ContextLength = 40 }, Vocab);
    }

    [Fact]
    public void CachedSampling_RecordsTheSameLogProbsAsAFullForwardPass()
    {
        using var scope = NewDisposeScope();
        var policy = NewPolicy(1);
        var samples = PolicySampler.Sample(policy, Prompts, new SamplingSettings(16), Eos, Pad, new Generator(3));

        var (tokens, valid, promptWidth) = Pack(samples.Select(s => s.Tokens).ToArray());
        using var noGrad = no_grad();
        var (full, _) = SequenceLogProbs.Compute(policy, tokens, valid, promptWidth);
        for (var i = 0; i < samples.Count; i++)
        {
            var expected = full[i].narrow(0, 0, samples[i].Length).data<float>().ToArray();
            Assert.Equal(expected.Length, samples[i].LogProbs.Length);
            for (var t = 0; t < expected.Length; t++)
            {
                Assert.True(Math.Abs(expected[t] - samples[i].LogProbs[t]) < 1e-4, $"row {i} token {t}: cached {samples[i].LogProbs[t]} vs full {expected[t]}");
            }
        }
    }

    [Fact]
    public void SameGeneratorSeed_GivesIdenticalSamples()
    {
        using var scope = NewDisposeScope();
        var policy = NewPolicy(2);
        var a = PolicySampler.Sample(policy, Prompts, new SamplingSettings(12), Eos, Pad, new Generator(9));
        var b = PolicySampler.Sample(policy, Prompts, new SamplingSettings(12), Eos, Pad, new Generator(9));
        Assert.Equal(a.Select(s => s.Tokens), b.Select(s => s.Tokens));
    }

    [Fact]
    public void RowBlocks_EachDrawLikeTheirBlockSampledAloneWithItsGenerator()
    {
        using var scope = NewDisposeScope();
        var policy = NewPolicy(3);
        var settings = new SamplingSettings(14, TopP: 0.95);
        var rows = Prompts.SelectMany(p => Enumerable.Repeat(p, 3)).ToArray();                 // 3 blocks of 3 rows
        var batched = PolicySampler.Sample(policy, rows, settings, Eos, Pad, Prompts.Select((_, i) => new RowBlock(3, new Generator((ulong)(40 + i)))).ToArray());

        for (var i = 0; i < Prompts.Length; i++)
        {
            var alone = PolicySampler.Sample(policy, rows.Skip(3 * i).Take(3).ToArray(), settings, Eos, Pad, new Generator((ulong)(40 + i)));
            Assert.Equal(alone.Select(s => s.Tokens), batched.Skip(3 * i).Take(3).Select(s => s.Tokens));
        }

        // Not vacuous: one generator for the whole batch draws differently.
        var shared = PolicySampler.Sample(policy, rows, settings, Eos, Pad, new Generator(40));
        Assert.NotEqual(shared.Skip(3).Select(s => s.Tokens), batched.Skip(3).Select(s => s.Tokens));
    }

    [Fact]
    public void RowBlocks_DrawLikeAlone_WhileFinishedRowsAreCompactedAway()
    {
        using var scope = NewDisposeScope();
        var policy = NewPolicy(4);
        var settings = new SamplingSettings(30);
        var prompts = Enumerable.Range(0, 8).Select(i => Prompts[i % Prompts.Length]).ToArray();
        var blocks = Enumerable.Range(0, 4).Select(i => new RowBlock(2, new Generator((ulong)(70 + i)))).ToArray();
        var batched = PolicySampler.Sample(policy, prompts, settings, Eos, Pad, blocks);

        // Not vacuous: two of the eight rows (a quarter) ended before the last one, so the batch was compacted while
        // other rows went on.
        var lengths = batched.Select(s => s.Length).Order().ToArray();
        Assert.True(lengths[1] < lengths[^1], $"every row ran to the end ({string.Join(", ", lengths)}): nothing was compacted");

        // The compacted cache still holds each row's own keys: the recorded log-probs are those of a full forward pass.
        var (tokens, valid, promptWidth) = Pack(batched.Select(s => s.Tokens).ToArray(), prompts);
        using (no_grad())
        {
            var (full, _) = SequenceLogProbs.Compute(policy, tokens, valid, promptWidth);
            for (var i = 0; i < batched.Count; i++)
            {
                var expected = full[i].narrow(0, 0, batched[i].Length).data<float>().ToArray();
                Assert.All(expected.Zip(batched[i].LogProbs), p => Assert.True(Math.Abs(p.First - p.Second) < 1e-4, $"row {i}: cached {p.Second} vs full {p.First}"));
            }
        }

        for (var b = 0; b < 4; b++)
        {
            var alone = PolicySampler.Sample(policy, prompts.Skip(2 * b).Take(2).ToArray(), settings, Eos, Pad, new Generator((ulong)(70 + b)));
            Assert.Equal(alone.Select(s => s.Tokens), batched.Skip(2 * b).Take(2).Select(s => s.Tokens));
            Assert.Equal(alone.Select(s => s.LogProbs.Length), batched.Skip(2 * b).Take(2).Select(s => s.LogProbs.Length));
        }
    }

    [Fact]
    public void RowBlocks_NotCoveringTheRows_AreRefused()
    {
        var policy = NewPolicy(3);
        var error = Assert.Throws<ArgumentException>(() => PolicySampler.Sample(policy, Prompts, new SamplingSettings(4), Eos, Pad, [new RowBlock(2, null)]));
        Assert.Contains("blocks", error.Message);
    }

    [Fact]
    public void TinyTopP_EqualsGreedy()
    {
        using var scope = NewDisposeScope();
        var policy = NewPolicy(4);
        var greedy = PolicySampler.Sample(policy, Prompts, new SamplingSettings(10, Greedy: true), Eos, Pad);
        var nucleus = PolicySampler.Sample(policy, Prompts, new SamplingSettings(10, TopP: 1e-6), Eos, Pad, new Generator(5));
        Assert.Equal(greedy.Select(s => s.Tokens), nucleus.Select(s => s.Tokens));
    }

    [Fact]
    public void ResponsesEndAtEos_OrAreMarkedTruncatedAtM()
    {
        using var scope = NewDisposeScope();
        var policy = NewPolicy(5);
        using (no_grad())
        {
            // Make EOS likely so both outcomes occur.
            var head = policy.named_parameters().Single(p => p.name == "head.weight").parameter;
            head[Eos].add_(0.35);
        }

        var samples = PolicySampler.Sample(policy, Enumerable.Repeat(Prompts[0], 32).ToArray(), new SamplingSettings(6), Eos, Pad, new Generator(1));
        Assert.All(samples, s =>
        {
            Assert.True(s.Length <= 6);
            Assert.Equal(s.Truncated, !s.Tokens.Contains(Eos));
            if (!s.Truncated)
            {
                Assert.Equal(Eos, s.Tokens[^1]);
                Assert.Equal(1, s.Tokens.Count(t => t == Eos));
            }
            else
            {
                Assert.Equal(6, s.Length);
            }
        });
        Assert.Contains(samples, s => s.Truncated);
        Assert.Contains(samples, s => !s.Truncated);
    }

    [Fact]
    public void Sampling_LeavesNoLiveTensorsBehind()
    {
        var policy = NewPolicy(6);
        PolicySampler.Sample(policy, Prompts, new SamplingSettings(8), Eos, Pad, new Generator(1));
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        PolicySampler.Sample(policy, Prompts, new SamplingSettings(8), Eos, Pad, new Generator(1));
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void PromptPlusResponseBeyondContext_IsRefused()
    {
        var policy = NewPolicy(7);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PolicySampler.Sample(policy, Prompts, new SamplingSettings(36), Eos, Pad));
        Assert.Contains("policy.contextLength", error.Message);
    }

    private static (Tensor Tokens, Tensor Valid, int PromptWidth) Pack(int[][] responses) => Pack(responses, Prompts);

    private static (Tensor Tokens, Tensor Valid, int PromptWidth) Pack(int[][] responses, int[][] prompts)
    {
        var promptWidth = prompts.Max(p => p.Length);
        var responseWidth = responses.Max(r => r.Length);
        var prompt = PolicySampler.LeftPadded(prompts, promptWidth, Pad, CPU);
        var response = full([responses.Length, responseWidth], Pad, ScalarType.Int64);
        var responseValid = zeros([responses.Length, responseWidth], ScalarType.Bool);
        for (var i = 0; i < responses.Length; i++)
        {
            response[i].narrow(0, 0, responses[i].Length).copy_(tensor(responses[i].Select(t => (long)t).ToArray()));
            responseValid[i].narrow(0, 0, responses[i].Length).fill_(true);
        }

        return (cat([prompt, response], 1), cat([prompt.ne(Pad), responseValid], 1), promptWidth);
    }
}
