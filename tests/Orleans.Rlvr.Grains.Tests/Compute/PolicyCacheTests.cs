using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Grains.Tests.Compute;

public sealed class PolicyCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-policy-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("/etc")]
    [InlineData("../outside/checkpoints/step-000001")]
    [InlineData("runs/../../escape")]
    public void APolicyOutsideTheCheckpointRoot_IsRefusedBeforeAnythingIsRead(string checkpointDirectory)
    {
        var rlvr = Options.Create(new RlvrOptions { TensorThreads = 1 });
        using var queue = new TensorWorkQueue(Options.Create(new TorchOptions()), rlvr, TimeProvider.System);
        using var cache = new PolicyCache(queue, rlvr, new RunCatalog(Options.Create(new CheckpointOptions { Root = _root })));

        var error = Assert.Throws<ArgumentException>(() => cache.Get(new PolicyVersion("run", 1, checkpointDirectory)));

        Assert.StartsWith($"policy.checkpointDirectory: '{checkpointDirectory}' is outside the checkpoint root", error.Message);
        Assert.Equal(0, cache.Loads);
    }
}
