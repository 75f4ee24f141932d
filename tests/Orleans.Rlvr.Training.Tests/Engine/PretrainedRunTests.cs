using Orleans.Rlvr.Tests.Shared;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tests.Models;
using TorchSharp;

namespace Orleans.Rlvr.Training.Tests.Engine;

/// <summary>
/// A run whose policy is a Hugging Face decoder folder (policy.model), on countdown-text: the same trainer, learner and
/// checkpoints as the small policy. Its checkpoints are Hugging Face folders holding the trained weights under the
/// input's tensor names (loadable as a model again), and a run stopped and resumed ends bit-identical.
/// </summary>
[Collection(DeterministicTorchCollection.Name)]
public sealed class PretrainedRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-pretrained-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private RunOptions Options(string model)
    {
        var smoke = TrainingPresets.Get("smoke", "countdown-text");
        return smoke with
        {
            Steps = 4,
            Policy = new PolicyOptions { Model = model, ContextLength = 256 },
            Checkpointing = new CheckpointingOptions { Every = 1 },
            Evaluation = new EvaluationOptions { Every = 0, Prompts = 4, Samples = 2 },
            Ppo = smoke.Ppo with { MiniBatches = 2, MicroBatchSize = 5 },
            WarmStart = new WarmStartOptions { Steps = 6, BatchSize = 8 },
        };
    }

    [Fact]
    public void PretrainedRun_CheckpointsAreHuggingFaceFoldersOfTheTrainedWeights()
    {
        var input = TinyModel.Write(Path.Combine(_root, "model"), TinyModel.Config());
        var options = Options(input);

        var result = new Trainer(options, RlvrTasks.Create(options), torch.CPU, Path.Combine(_root, "run")).Run();

        var folder = result.CheckpointDirectory;
        Assert.Equal(HfModelFolder.ReadWeights(input).Keys.Order(), SafetensorsFile.Read(Path.Combine(folder, HfModelFolder.WeightsFile)).Keys.Order());
        foreach (var file in new[] { HfModelFolder.ConfigFile, HfTokenizer.TokenizerFile, HfTokenizer.GenerationConfigFile })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(input, file)), File.ReadAllBytes(Path.Combine(folder, file)));
        }

        using var reloaded = HfModelFolder.Load(folder, torch.ScalarType.Float32, torch.CPU);
        var (trained, _, _) = PolicyLoader.Load(new CheckpointStore(Path.Combine(_root, "run", "checkpoints")).Latest()!, torch.CPU);
        using var original = HfModelFolder.Load(input, torch.ScalarType.Float32, torch.CPU);
        var weights = ((HfDecoder)trained).Weights;
        Assert.All(reloaded.Weights, w => Assert.True(w.Value.allclose(weights[w.Key], rtol: 0, atol: 0), $"{w.Key} differs from the trained policy"));
        Assert.Contains(original.Weights, w => !w.Value.allclose(weights[w.Key], rtol: 0, atol: 0));
        trained.Dispose();
    }

    [Fact]
    public void LoraRun_TrainsOnlyTheAdapters_AndItsCheckpointMergesBackIntoFullWeights()
    {
        var input = TinyModel.Write(Path.Combine(_root, "model"), TinyModel.Config());
        var options = Options(input);
        options = options with { Policy = options.Policy with { LoraRank = 4, LoraAlpha = 8, LoraTargets = "q_proj,v_proj,down_proj" } };

        var result = new Trainer(options, RlvrTasks.Create(options), torch.CPU, Path.Combine(_root, "lora")).Run();

        var (policy, _, _) = PolicyLoader.Load(new CheckpointStore(Path.Combine(_root, "lora", "checkpoints")).Latest()!, torch.CPU);
        using var lora = (HfDecoder)policy;
        using var original = HfModelFolder.Load(input, torch.ScalarType.Float32, torch.CPU);
        Assert.All(original.Weights, w => Assert.True(w.Value.allclose(lora.Weights[w.Key], rtol: 0, atol: 0), $"{w.Key} changed although LoRA froze it"));
        Assert.Equal(2 * 3, lora.Adapters.Count);
        Assert.All(lora.Adapters.Values, a => Assert.True(a.B.abs().max().item<float>() > 0, "an adapter did not train"));

        using var merged = HfModelFolder.Load(result.CheckpointDirectory, torch.ScalarType.Float32, torch.CPU);
        var module = "model.layers.1.self_attn.q_proj";
        var (a, b) = lora.Adapters[module];
        var expected = original.Weights[module + ".weight"] + 8.0 / 4 * b.matmul(a);
        Assert.True(merged.Weights[module + ".weight"].allclose(expected, rtol: 0, atol: 1e-6));
        var ids = torch.tensor(new long[] { 5, 60, 61, 70, 8, 9, 40 }, [1, 7]);
        using (torch.no_grad())
        {
            var difference = (merged.Logits(ids) - lora.Logits(ids)).abs().max().item<float>();
            Assert.True(difference < 1e-4, $"merged logits differ from the adapted decoder's by {difference}");
        }

        var adapter = SafetensorsFile.Read(Path.Combine(result.CheckpointDirectory, HfModelFolder.AdapterWeightsFile));
        Assert.Equal([4L, 32L], adapter[$"base_model.model.{module}.lora_A.weight"].shape);
        Assert.Contains("\"r\": 4", File.ReadAllText(Path.Combine(result.CheckpointDirectory, HfModelFolder.AdapterConfigFile)));
    }

    [Fact]
    public void PretrainedRunStoppedAtStepTwoAndResumed_EndsBitIdenticalToTheUninterruptedRun()
    {
        torch.set_num_threads(1);
        var options = Options(TinyModel.Write(Path.Combine(_root, "model"), TinyModel.Config("llama", 4, 2, false)));
        var task = RlvrTasks.Create(options);

        var whole = new Trainer(options, task, torch.CPU, Path.Combine(_root, "whole")).Run();
        new Trainer(options with { Steps = 2 }, task, torch.CPU, Path.Combine(_root, "split")).Run();
        var resumed = new Trainer(options, task, torch.CPU, Path.Combine(_root, "split")).Run();

        Assert.Equal(4, resumed.Steps);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(whole.CheckpointDirectory, HfModelFolder.WeightsFile)),
            File.ReadAllBytes(Path.Combine(resumed.CheckpointDirectory, HfModelFolder.WeightsFile)));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(whole.CheckpointDirectory, RunCheckpoint.OptimizerFile)),
            File.ReadAllBytes(Path.Combine(resumed.CheckpointDirectory, RunCheckpoint.OptimizerFile)));
    }

    [Fact]
    public void LearnerUpdate_OnAPretrainedDecoder_FollowsTheAdvantages()
    {
        // The tiny random model earns no reward in a short run, so the RL gradient is checked here on scored groups.
        torch.set_num_threads(1);
        var folder = TinyModel.Write(Path.Combine(_root, "model"), TinyModel.Config());
        var options = Options(folder) with { Ppo = new PpoOptions { LearningRate = 1e-2, MiniBatches = 1, MicroBatchSize = 8 } };
        using var decoder = HfModelFolder.Load(folder, torch.ScalarType.Float32, torch.CPU);
        using var learner = new Learner(decoder, options, padId: 0);
        var random = new Random(2);
        var responses = Enumerable.Range(0, 4).Select(i => new ResponseSample(
            Enumerable.Range(0, 6 + 3 * i).Select(_ => random.Next(1, 300)).ToArray(),
            Enumerable.Range(0, 6 + 3 * i).Select(_ => -5.9f).ToArray(),
            Truncated: false)).ToArray();
        double[] rewards = [1, 0, 0, 1];
        var group = new ScoredGroup(new PromptRef("p", "", [10, 11, 12]), responses, rewards, rewards.Select(r => r - 0.5).ToArray(), [true, true, true, true]);
        var before = SequenceScore(decoder, group);

        var metrics = learner.Update([group], step: 1);

        var after = SequenceScore(decoder, group);
        Assert.True(metrics[MetricNames.GradNorm] > 0);
        Assert.True(after[0] > before[0] && after[3] > before[3], $"rewarded responses should gain log-probability: {before[0]} → {after[0]}, {before[3]} → {after[3]}");
        Assert.True(after[1] < before[1] && after[2] < before[2], $"unrewarded responses should lose it: {before[1]} → {after[1]}, {before[2]} → {after[2]}");
    }

    /// <summary>Mean log-probability of each response of a group under the decoder.</summary>
    private static double[] SequenceScore(HfDecoder decoder, ScoredGroup group)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return group.Responses.Select(r =>
        {
            var ids = group.Prompt.Tokens.Concat(r.Tokens).Select(t => (long)t).ToArray();
            var logProbs = decoder.Logits(torch.tensor(ids, [1, ids.Length])).log_softmax(-1)[0];
            return Enumerable.Range(0, r.Length)
                .Average(t => (double)logProbs[group.Prompt.Tokens.Length - 1 + t, r.Tokens[t]].item<float>());
        }).ToArray();
    }
}
