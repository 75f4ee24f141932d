using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Results;
using Orleans.Rlvr.Results.Tests;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Cli.Tests.Sweeps;

public sealed class SweepMergeTests
{
    private static readonly SweepSpec Spec = new() { Preset = "reference", Aggregators = ["grpo", "delta-l"], Alphas = [0.5], Seeds = [1, 2] };

    private static (SweepStatus, IReadOnlyList<RunReport>) Sweep(string id, SweepSpec spec, params RunReport[] reports) =>
        (new SweepStatus(id, SweepState.Finished, spec, [.. reports.Select(r => r.Run)], DateTimeOffset.UnixEpoch), reports);

    private static RunReport Grpo(int seed, double final) =>
        SampleSweep.Report("grpo", 1.0, seed, RunStatus.Completed, [(0, 0.1), (4, final)], [100, 100, 100, 100], [1, 1, 1, 1], 1000);

    [Fact]
    public void SweepsDifferingOnlyInSeeds_AreSummarisedAsOneGroupPerAggregation()
    {
        var (status, reports) = SweepMerge.Merge(
        [
            Sweep("first", Spec, Grpo(1, 0.2), Grpo(2, 0.4)),
            Sweep("more-seeds", Spec with { Name = "more", Seeds = [3], MaxConcurrentRuns = 4 }, Grpo(3, 0.6)),
        ]);

        Assert.Equal("first+more-seeds", status.SweepId);
        Assert.Equal([1, 2, 3], status.Spec!.Seeds);
        var group = SweepSummary.From(status.SweepId, reports).Groups.Single();
        Assert.Equal(3, group.Runs.Count);
        Assert.Equal(0.4, group.Runs.Average(r => r.Report.Run.Accuracy), 12);
    }

    [Theory]
    [InlineData("steps")]
    [InlineData("ppo.learningRate")]
    [InlineData("preset")]
    public void SweepsOfDifferentExperiments_AreRefusedNamingTheDifference(string change)
    {
        var other = change switch
        {
            "steps" => Spec with { Steps = 10, Seeds = [3] },
            "ppo.learningRate" => Spec with { Overrides = new Dictionary<string, string> { ["learningRate"] = "2e-4" }, Seeds = [3] },
            _ => Spec with { Preset = "smoke", Seeds = [3] },
        };

        var error = Assert.Throws<UsageException>(() => SweepMerge.Merge([Sweep("a", Spec, Grpo(1, 0.2)), Sweep("b", other, Grpo(3, 0.3))]));

        Assert.Contains("a and b differ in ", error.Message, StringComparison.Ordinal);
        if (change != "preset")
        {
            Assert.Contains($"differ in {change} (", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PresetsThatResolveToTheSameOptions_CountAsTheSameExperiment()
    {
        // The demo preset run for the small preset's steps is the small experiment.
        var (status, reports) = SweepMerge.Merge([Sweep("a", Spec with { Preset = "demo", Steps = TrainingPresets.SmallSteps }, Grpo(1, 0.2)), Sweep("b", Spec with { Preset = "small", Seeds = [3] }, Grpo(3, 0.3))]);

        Assert.Equal(2, reports.Count);
        Assert.Equal([1, 2, 3], status.Spec!.Seeds);
    }

    [Fact]
    public void TheSameSeedInTwoSweeps_IsRefused()
    {
        var error = Assert.Throws<UsageException>(() => SweepMerge.Merge([Sweep("a", Spec, Grpo(1, 0.2)), Sweep("b", Spec, Grpo(1, 0.3))]));

        Assert.Contains("grpo seed 1 appears in more than one sweep", error.Message, StringComparison.Ordinal);
    }
}
