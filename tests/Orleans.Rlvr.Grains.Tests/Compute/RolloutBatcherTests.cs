using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;

namespace Orleans.Rlvr.Grains.Tests.Compute;

public sealed class RolloutBatcherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-batcher-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ARoundThatTricklesInLongerThanTheWait_IsStillSampledInOneCall_WhileEachGapIsShorter()
    {
        // Four requests of one round, 0.8 × RoundWait apart: 2.4 × RoundWait in all. A wait counted from the first
        // request split this round (a run on a loaded machine diverged from its replay); counted from the latest it must not.
        var (batcher, time, policy, prompt) = Setup();
        var gap = RolloutBatcher.RoundWait * 0.8;
        var calls = new List<Task<IReadOnlyList<ResponseSample>>>();
        for (var k = 0; k < 4; k++)
        {
            if (k > 0)
            {
                await Pass(time, gap);
            }

            calls.Add(batcher.Generate(new RolloutRequest(policy, prompt, 2, 100 + k, new RoundSlot(4, k))));
        }

        await Pass(time, RolloutBatcher.RoundWait * 1.2);   // flushes a batch left waiting, so a split shows as two calls
        var groups = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal((1L, 4L), batcher.Counts);
        Assert.All(groups, g => Assert.Equal(2, g.Count));
    }

    [Fact]
    public async Task ARoundMissingARequest_IsSampledOnceNothingArrivedForTheWait()
    {
        var (batcher, time, policy, prompt) = Setup();
        var first = batcher.Generate(new RolloutRequest(policy, prompt, 2, 100, new RoundSlot(3, 0)));
        var second = batcher.Generate(new RolloutRequest(policy, prompt, 2, 101, new RoundSlot(3, 1)));

        await Pass(time, RolloutBatcher.RoundWait * 0.8);
        Assert.False(first.IsCompleted, "the batch must still wait for the rest of its round");
        await Pass(time, RolloutBatcher.RoundWait * 0.4);

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((1L, 2L), batcher.Counts);
    }

    /// <summary>
    /// Moves the fake clock on by <paramref name="span"/> in small slices, letting the batcher's background task run
    /// between them (it starts on the thread pool and sets its timer on the fake clock when it gets there).
    /// </summary>
    private static async Task Pass(FakeTimeProvider time, TimeSpan span)
    {
        for (var slice = 0; slice < 50; slice++)
        {
            time.Advance(span / 50);
            await Task.Delay(2);
        }
    }

    private (RolloutBatcher Batcher, FakeTimeProvider Time, PolicyVersion Policy, PromptRef Prompt) Setup()
    {
        var smoke = TrainingPresets.Get("smoke");
        var options = smoke with { Steps = 1, Evaluation = smoke.Evaluation with { Prompts = 4 }, WarmStart = new WarmStartOptions { Steps = 2, BatchSize = 8 } };
        var task = RlvrTasks.Create(options);
        var trained = new Trainer(options, task, torch.CPU, Path.Combine(_root, "run")).Run();
        var rlvr = Options.Create(new RlvrOptions { TensorThreads = 1, RolloutBatchWindow = TimeSpan.Zero });
        var queue = new TensorWorkQueue(Options.Create(new TorchOptions()), rlvr, TimeProvider.System);
        var time = new FakeTimeProvider();
        var batcher = new RolloutBatcher(queue, new PolicyCache(queue, rlvr, new RunCatalog(Options.Create(new CheckpointOptions { Root = _root }))), rlvr, time);
        var prompt = PromptEncoding.Encode(task.Prompts(TaskSplit.Train, 0, 1)[0], task.Tokenizer);
        return (batcher, time, new PolicyVersion("batcher", trained.Steps, trained.CheckpointDirectory), prompt);
    }
}
