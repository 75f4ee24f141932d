using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Checkpoints;

public sealed class WarmStartCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-warm-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RunOptions Options => TrainingPresets.Get("smoke") with
    {
        WarmStart = new WarmStartOptions { Steps = 30, BatchSize = 8 },
    };

    [Fact]
    public async Task RunsMissingTheCacheAtOnce_ComputeTheWarmStartOnce_AndAllGetTheSameWeights()
    {
        var cache = new WarmStartCache(_root);
        var task = RlvrTasks.Create(Options);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            using var policy = new TransformerPolicy(Options.Policy, task.Tokenizer.VocabSize);
            var (loss, cached) = new WarmStart(task, Options).TrainOrLoad(policy, cache);
            return (loss, cached, Weights: policy.parameters().Select(p => p.data<float>().ToArray()).ToArray());
        })));

        Assert.Single(results, r => !r.cached);
        Assert.All(results, r => Assert.Equal(results[0].loss, r.loss));
        Assert.All(results, r => Assert.Equal(results[0].Weights, r.Weights));
    }

    [Fact]
    public async Task Acquire_WaitsWhileAnotherHolderHasTheKey_AndReportsWaiting()
    {
        var cache = new WarmStartCache(_root);
        var waits = 0;
        var first = cache.Acquire(Options);
        var second = Task.Run(() => cache.Acquire(Options, () => Interlocked.Increment(ref waits)));

        await Task.Delay(1500);
        Assert.False(second.IsCompleted);
        first.Dispose();

        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.True(waits >= 1);
    }
}
