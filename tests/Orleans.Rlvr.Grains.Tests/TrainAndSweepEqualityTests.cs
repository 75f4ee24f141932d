namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A researcher who reruns one run of a sweep with <c>rlvr train</c> gets the same run: the one-process trainer and the
/// grains share one rollout round, seeded per prompt group, and one learner session. LibTorch runs one thread here
/// (the fixture's <c>Torch:Threads</c> = 1, the deterministic mode).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class TrainAndSweepEqualityTests(RlvrClusterFixture fixture)
{
    [Theory]
    [InlineData("grpo", false)]
    [InlineData("delta-l", true)]
    public Task TrainRun_EqualsTheSameRunInsideASweep_StepByStepAndBitForBit(string aggregator, bool dynamicSampling) =>
        SweptRunEquality.AssertSweptEqualsTrained(fixture, $"equality-{aggregator}", SweptRunEquality.OneRun(aggregator, dynamicSampling));
}
