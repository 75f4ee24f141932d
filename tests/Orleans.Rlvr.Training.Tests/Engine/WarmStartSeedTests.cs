using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Tests.Engine;

/// <summary><c>warmStart.seed</c>: one starting policy for every run seed, as runs from one pretrained model share.</summary>
public sealed class WarmStartSeedTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-warm-seed-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RunOptions Run(int seed, int? warmStartSeed) => TrainingPresets.Get("smoke") with
    {
        Seed = seed,
        WarmStart = new WarmStartOptions { Steps = 20, BatchSize = 8, Seed = warmStartSeed },
    };

    private float[][] WarmStartedWeights(RunOptions options)
    {
        using var session = new RunSession(options, RlvrTasks.Create(options), CPU, Path.Combine(_root, Guid.NewGuid().ToString("N")));
        session.Open();
        return session.Policy.parameters().Select(p => p.data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void RunsOfDifferentSeeds_WithOneWarmStartSeed_StartRlFromTheSameWeights()
    {
        Assert.Equal(WarmStartedWeights(Run(2, warmStartSeed: 1)), WarmStartedWeights(Run(3, warmStartSeed: 1)));
        Assert.Equal(WarmStartedWeights(Run(1, warmStartSeed: null)), WarmStartedWeights(Run(3, warmStartSeed: 1)));
        Assert.NotEqual(WarmStartedWeights(Run(2, warmStartSeed: null)), WarmStartedWeights(Run(3, warmStartSeed: null)));
    }

    [Fact]
    public void WarmStartKey_OfAFixedWarmStartSeed_IsTheKeyOfTheRunWithThatSeed()
    {
        Assert.Equal(WarmStartCache.Key(Run(1, warmStartSeed: null)), WarmStartCache.Key(Run(2, warmStartSeed: 1)));
        Assert.Equal(WarmStartCache.Key(Run(2, warmStartSeed: 1)), WarmStartCache.Key(Run(3, warmStartSeed: 1)));
        Assert.NotEqual(WarmStartCache.Key(Run(1, warmStartSeed: null)), WarmStartCache.Key(Run(2, warmStartSeed: null)));
    }

    [Fact]
    public void WarmStartKey_WithoutAWarmStartSeed_IsTheKeyWarmStartsWereCachedUnderBeforeTheSeedExisted()
    {
        // Computed by the code before warmStart.seed existed (commit f79448d): the seed-1 warm start of the mixed preset (then `reference`),
        // 8,000 steps, about 10 minutes of a user's machine that must not be recomputed after an upgrade.
        Assert.Equal("434fb4bdb30dbee5", WarmStartCache.Key(TrainingPresets.Get("mixed") with { Seed = 1 }));
    }

    [Fact]
    public void NegativeWarmStartSeed_IsRefusedNamingTheField()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Run(1, warmStartSeed: -1).Validate());
        Assert.Contains("warmStart.seed", error.Message, StringComparison.Ordinal);
    }
}
