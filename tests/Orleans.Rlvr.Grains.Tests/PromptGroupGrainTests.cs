using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Grains.Tests;

[Collection(SharedCluster.Name)]
public sealed class PromptGroupGrainTests(RlvrClusterFixture fixture)
{
    [Fact]
    public async Task DuplicateGroupSubmissions_AreIgnoredAndAnAppliedStepIsNotRedone()
    {
        var run = SweepPlan.Expand("duplicates", new SweepSpec { Preset = "smoke", Aggregators = ["grpo"], Seeds = [7] })[0];
        new RunCatalog(Options.Create(new CheckpointOptions { Root = fixture.Root })).Write(run.RunDirectory, run.Options);
        var client = fixture.Cluster.Client;
        var learner = client.GetGrain<ILearnerGrain>(run.RunId);
        var progress = await learner.Open(run);
        for (var polls = 0; !progress.Ready; polls++)
        {
            Assert.Null(progress.Error);
            Assert.True(polls < 1200, $"learner of {run.RunId} not ready after 2 minutes: {progress.Phase}");
            await Task.Delay(100);
            progress = await learner.Open(run);
        }

        var request = new GroupRequest(run, progress.Policy!, 1, 5);
        var group = client.GetGrain<IPromptGroupGrain>(PromptGroupGrain.Key(run.RunId, 1, 5));
        var first = await group.Gather(request);
        var retry = await group.Gather(request);

        Assert.True(first.Accepted);
        Assert.False(retry.Accepted);
        Assert.Equal(first.MeanReward, retry.MeanReward);

        var applied = await learner.Update(1, [5], 6, new RolloutBatchStats(1, 1, first.GenerationSeconds));
        var late = await group.Gather(request);
        var again = await learner.Update(1, [5], 6, new RolloutBatchStats(1, 1, first.GenerationSeconds));
        var history = await learner.GetHistory(new RunSnapshot(run.RunId, "grpo", null, 7, RunStatus.Running, "", 1, 3, 0, 0, 0, 0, null, null, "grpo", "grpo"));

        Assert.Equal(1, applied.Metrics["batch/groups"]);
        Assert.False(late.Accepted);
        Assert.Equal(applied.Metrics.Values, again.Metrics.Values);
        Assert.Equal([1], history.Metrics.Select(m => m.Step));
        Assert.Equal(1, applied.Policy.Step);
    }
}
