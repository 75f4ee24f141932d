namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A learner step that fails after its optimizer steps (a LibTorch error part-way through, injected with
/// <c>Rlvr:FaultAfterUpdateAtStep</c>) is retried from the last checkpoint, not on the weights the failed try moved:
/// the run ends bit for bit as the same run that never failed.
/// </summary>
public sealed class LearnerStepFaultTests
{
    [Fact]
    public async Task StepFailingAfterItsUpdate_IsRetriedFromTheLastCheckpoint_AndTheRunEqualsOneThatNeverFailed()
    {
        var fixture = new RlvrClusterFixture { Settings = new Dictionary<string, string?> { ["Rlvr:FaultAfterUpdateAtStep"] = "2" } };
        await fixture.InitializeAsync();
        try
        {
            await SweptRunEquality.AssertSweptEqualsTrained(fixture, "step-fault", SweptRunEquality.OneRun("grpo", dynamicSampling: false));
            var run = (await fixture.Cluster.Client.GetGrain<ISweepGrain>("step-fault").GetStatus()).Runs.Single();
            Assert.Equal(1, run.Failures);   // the fault happened (once), so the equality above is not vacuous
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
