using Orleans.Rlvr.Tests.Shared;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Policy;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Tests.Models;

/// <summary>
/// The Hugging Face decoder as a policy: the KV-cached sampler over left-padded prompts records the log-probs a full
/// teacher-forced pass computes (the learner's path), a left-padded row scores as it does alone, and cached greedy
/// decoding equals greedy decoding by recomputing the prefix — with grouped-query attention and with multi-head.
/// </summary>
public sealed class HfDecoderPolicyTests : IDisposable
{
    private const int Pad = 0;
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-hfpolicy-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly int[][] Prompts = [[5, 60, 61, 70, 8, 9], [40, 9], [33, 4, 4, 31]];

    [Theory]
    [InlineData("qwen2", 4, 2, true, Pad)]
    [InlineData("llama", 4, 4, false, Pad)]
    [InlineData("llama", 4, 2, false, 9)]   // the pad id occurs inside prompts (Llama 3 pads with <|eot_id|>, which its chat format contains)
    public void CachedSampling_RecordsTheLogProbsOfAFullForwardPass(string family, int heads, int kvHeads, bool tied, int pad)
    {
        using var scope = NewDisposeScope();
        using var decoder = HfModelFolder.Load(TinyModel.Write(Path.Combine(_root, $"{family}-{kvHeads}"), TinyModel.Config(family, heads, kvHeads, tied)), ScalarType.Float32, CPU);
        var samples = PolicySampler.Sample(decoder, Prompts, new SamplingSettings(20), [399], pad, [new RowBlock(Prompts.Length, new Generator(5))]);

        var promptWidth = Prompts.Max(p => p.Length);
        var responseWidth = samples.Max(s => s.Length);
        var tokens = zeros([Prompts.Length, promptWidth + responseWidth], ScalarType.Int64);
        var valid = zeros([Prompts.Length, promptWidth + responseWidth], ScalarType.Bool);
        for (var i = 0; i < Prompts.Length; i++)
        {
            var row = Prompts[i].Select(t => (long)t).Concat(samples[i].Tokens.Select(t => (long)t)).ToArray();
            var start = promptWidth - Prompts[i].Length;
            tokens[i].narrow(0, start, row.Length).copy_(tensor(row));
            valid[i].narrow(0, start, row.Length).fill_(true);
        }

        using var noGrad = no_grad();
        var (full, _) = SequenceLogProbs.Compute(decoder, tokens, valid, promptWidth);
        for (var i = 0; i < samples.Count; i++)
        {
            var expected = full[i].narrow(0, 0, samples[i].Length).data<float>().ToArray();
            for (var t = 0; t < expected.Length; t++)
            {
                Assert.True(Math.Abs(expected[t] - samples[i].LogProbs[t]) < 1e-4, $"row {i} token {t}: cached {samples[i].LogProbs[t]} vs full {expected[t]}");
            }
        }
    }

    [Fact]
    public void LeftPaddedRow_ScoresAsItDoesAlone()
    {
        using var scope = NewDisposeScope();
        using var decoder = HfModelFolder.Load(TinyModel.Write(Path.Combine(_root, "pad"), TinyModel.Config()), ScalarType.Float32, CPU);
        using var noGrad = no_grad();
        var alone = decoder.Logits(tensor(Prompts[1].Select(t => (long)t).ToArray(), [1, Prompts[1].Length]))[0, -1];

        var padded = PolicySampler.LeftPadded(Prompts, Prompts.Max(p => p.Length), Pad, CPU);
        var valid = padded.ne(Pad);
        var batch = decoder.Forward(padded, AttentionMasks.Positions(valid), AttentionMasks.Causal(valid))[1, -1];

        Assert.True(alone.allclose(batch, rtol: 0, atol: 1e-4), $"max difference {(alone - batch).abs().max().item<float>()}");
    }

    [Fact]
    public void CachedGreedySampling_EqualsGreedyByRecomputation()
    {
        using var scope = NewDisposeScope();
        using var decoder = HfModelFolder.Load(TinyModel.Write(Path.Combine(_root, "greedy"), TinyModel.Config("llama", 4, 1, false)), ScalarType.Float32, CPU);
        var prompt = Prompts[0];
        var cached = PolicySampler.Sample(decoder, [prompt], new SamplingSettings(24, Greedy: true), [-1], Pad, [new RowBlock(1, null)]).Single();

        var recomputed = decoder.Greedy(prompt.Select(t => (long)t).ToArray(), 24);

        Assert.Equal(recomputed, cached.Tokens.Select(t => (long)t));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientCheckpointing_GivesTheSameGradients(bool lora)
    {
        var folder = TinyModel.Write(Path.Combine(_root, $"ckpt-{lora}"), TinyModel.Config("qwen2", 4, 2, true));
        var settings = lora ? new LoraSettings(4, 8, PolicyOptions.LoraModules, 3) : null;
        using var plain = HfModelFolder.Load(folder, ScalarType.Float32, CPU, settings);
        using var checkpointed = HfModelFolder.Load(folder, ScalarType.Float32, CPU, settings);
        checkpointed.GradientCheckpointing = true;
        if (lora)
        {
            // B starts at zero, which would leave A's gradient zero: give both copies the same nonzero B.
            using var noGrad = no_grad();
            foreach (var (module, adapter) in plain.Adapters)
            {
                adapter.B.copy_(0.05 * randn(adapter.B.shape, generator: new Generator(9)));
                checkpointed.Adapters[module].B.copy_(adapter.B);
            }
        }

        var tokens = PolicySampler.LeftPadded(Prompts, Prompts.Max(p => p.Length), Pad, CPU);
        var valid = tokens.ne(Pad);
        foreach (var decoder in new[] { plain, checkpointed })
        {
            var (logProbs, _) = SequenceLogProbs.Compute(decoder, tokens, valid, 2);
            (logProbs * logProbs.detach().neg().exp()).sum().backward();
        }

        Assert.Equal((0, 2), (plain.Recomputations, checkpointed.Recomputations));   // each of the 2 layers recomputed once
        var trained = plain.named_parameters().Where(p => p.parameter.requires_grad).ToArray();
        Assert.Equal(lora ? 2 * 7 * 2 : plain.parameters().Count(), trained.Length);   // 2 layers × 7 projections × (A, B)
        var other = checkpointed.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in trained)
        {
            var (a, b) = (parameter.grad!, other[name].grad!);
            Assert.True(a.abs().max().item<float>() > 0, $"{name} got no gradient");
            Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-6), $"{name}: checkpointed gradient differs by {(a - b).abs().max().item<float>()}");
        }
    }
}
