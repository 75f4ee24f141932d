using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class SweepDefaultSpecTests
{
    [Fact]
    public void Default_IsTheFourAggregatorsOnTheDemoPresetWithTwoSeeds()
    {
        var spec = SweepCommand.Default;

        Assert.Equal("demo", spec.Name);
        Assert.Equal("demo", spec.Preset);
        Assert.Equal(["grpo", "dapo", "dr-grpo", "delta-l"], spec.Aggregators);
        Assert.Equal([1.0], spec.Alphas);
        Assert.Equal([1, 2], spec.Seeds);
        Assert.Equal(2, spec.MaxConcurrentRuns);
    }

    [Fact]
    public void Default_ExpandsToEightRunsOfTheDemoPresetsSteps()
    {
        var runs = SweepPlan.Expand("demo-1", SweepCommand.Default);

        Assert.Equal(
            ["demo-1/grpo-s1", "demo-1/grpo-s2", "demo-1/dapo-s1", "demo-1/dr-grpo-s1", "demo-1/delta-l-a1-s1", "demo-1/dapo-s2", "demo-1/dr-grpo-s2", "demo-1/delta-l-a1-s2"],
            runs.Select(r => r.RunId));
        Assert.All(runs, r => Assert.Equal(TrainingPresets.DemoSteps, r.Options.Steps));
    }
}
