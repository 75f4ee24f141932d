using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Tests.Shared;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A sweep of two aggregations whose policy is a Hugging Face decoder folder, on countdown-text, through the same
/// grains as any sweep: rollouts sampled on the rollout-only silo from checkpoints, learners on learner silos; every
/// run completes each step once and ends with a checkpoint that is a Hugging Face folder.
/// </summary>
public sealed class PretrainedSweepTests
{
    [Fact]
    public async Task SweepOfTwoAggregations_OnATinyDecoderFolder_CompletesEveryStepOnce()
    {
        var fixture = new RlvrClusterFixture();
        await fixture.InitializeAsync();
        try
        {
            var model = TinyModel.Write(Path.Combine(fixture.Root, "model"), TinyModel.Config());
            var spec = RlvrClusterFixture.SmokeSweep(3, 1) with
            {
                Task = "countdown-text",
                Aggregators = ["dapo", "delta-l"],
                Overrides = new Dictionary<string, string>
                {
                    ["policy.model"] = model,
                    ["policy.contextLength"] = "256",
                    ["warmStart.steps"] = "4",
                },
            };
            await fixture.Cluster.Client.GetGrain<ISweepGrain>("pretrained").Start(spec);
            var status = await fixture.WaitForSweep(fixture.Cluster.Client, "pretrained", TimeSpan.FromMinutes(4));

            Assert.Equal(SweepState.Finished, status.State);
            Assert.All(status.Runs, r => Assert.Equal(RunStatus.Completed, r.Status));
            var reports = await fixture.Cluster.Client.GetGrain<ISweepGrain>("pretrained").GetReports();
            Assert.Equal(2, reports.Count);
            Assert.All(reports, r => Assert.Equal([1, 2, 3], RlvrClusterFixture.StepsOf(r)));
            Assert.All(Directory.GetDirectories(Path.Combine(fixture.Root, "sweeps", "pretrained")), run =>
                Assert.True(File.Exists(Path.Combine(run, "checkpoints", "step-000003", "model.safetensors")), $"{run} has no Hugging Face checkpoint at step 3"));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
