using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results.Tests;

public sealed class SweepSummaryTests
{
    private const int Precision = 12;

    private static readonly SweepSummary Summary = SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports);

    [Fact]
    public void From_GroupsByAggregatorAndAlpha_AlphaOnlyForDeltaL()
    {
        Assert.Equal(SampleSweep.SweepId, Summary.SweepId);
        Assert.Equal(["grpo", "delta-l"], Summary.Groups.Select(g => g.Aggregator));
        Assert.Null(Summary.Groups[0].Alpha);
        Assert.Equal(0.5, Summary.Groups[1].Alpha);
        Assert.Equal(["grpo", "delta-l α=0.5"], Summary.Groups.Select(g => g.Label));
        Assert.All(Summary.Groups, g => Assert.Equal([1, 2], g.Runs.Select(r => r.Run.Seed)));
    }

    [Fact]
    public void From_GroupsInFirstAppearanceOrder_WithRunsOrderedBySeed()
    {
        var r = SampleSweep.Reports;
        var reports = new[]
        {
            SampleSweep.Report("delta-l", 1.0, 2, RunStatus.Completed, [(0, 0.1), (4, 0.2)], [100], [1], 1000),
            r[1], r[3], r[0], r[2],
            SampleSweep.Report("delta-l", 1.0, 1, RunStatus.Completed, [(0, 0.1), (4, 0.2)], [100], [1], 1000),
        };

        var summary = SweepSummary.From("s", reports);

        Assert.Equal(["delta-l α=1", "grpo", "delta-l α=0.5"], summary.Groups.Select(g => g.Label));
        Assert.All(summary.Groups, g => Assert.Equal([1, 2], g.Runs.Select(x => x.Run.Seed)));
    }

    [Fact]
    public void From_TwoSeeds_GivesMeanAndSampleStdOfFinalAccuracy()
    {
        var grpo = Summary.Groups[0];
        var deltaL = Summary.Groups[1];

        // grpo: finals .25 and .50 -> mean .375, std sqrt(2 · .125² / 1) = sqrt(.03125).
        Assert.Equal(0.375, grpo.FinalMean, Precision);
        Assert.Equal(0.17677669529663688, grpo.FinalStd, Precision);
        // delta-l: finals .60 and .30 (the failed run's last evaluation, step 2) -> mean .45, std sqrt(2 · .15²) = sqrt(.045).
        Assert.Equal(0.45, deltaL.FinalMean, Precision);
        Assert.Equal(0.21213203435596426, deltaL.FinalStd, Precision);
    }

    [Fact]
    public void From_InitialAccuracy_IsTheStepZeroEvaluationAndGainIsFinalMinusInitial()
    {
        var grpo = Summary.Groups[0];

        Assert.Equal([0.10, 0.20], grpo.Runs.Select(r => r.InitialAccuracy));
        Assert.Equal(0.15, grpo.InitialMean, Precision);
        Assert.Equal(0.375 - 0.15, grpo.GainMean, Precision);
    }

    [Fact]
    public void From_BestAccuracy_IsTheHighestEvaluationAfterStepZeroWithItsStep()
    {
        var grpo = Summary.Groups[0];

        // s1: .30 @ 2 (beats .25 @ 4); s2: .50 @ 4.
        Assert.Equal([0.30, 0.50], grpo.Runs.Select(r => r.BestAccuracy));
        Assert.Equal([2, 4], grpo.Runs.Select(r => r.BestStep));
        Assert.Equal(0.40, grpo.BestMean, Precision);
        Assert.Equal(3.0, grpo.BestStepMean, Precision);
    }

    [Fact]
    public void From_BestAccuracyTied_TakesTheEarlierStep()
    {
        var deltaL = Summary.Groups[1];

        // s1: .60 at steps 2 and 4 -> step 2; s2: .30 @ 2.
        Assert.Equal([2, 2], deltaL.Runs.Select(r => r.BestStep));
        Assert.Equal(0.45, deltaL.BestMean, Precision);
        Assert.Equal(2.0, deltaL.BestStepMean, Precision);
    }

    [Fact]
    public void From_StepZeroBeatingEveryLaterEvaluation_IsNotTheBest()
    {
        var report = SampleSweep.Report("grpo", 1.0, 1, RunStatus.Completed, [(0, 0.9), (2, 0.2), (4, 0.1)], [100, 100, 100, 100], [1, 1, 1, 1], 1000);

        var run = SweepSummary.From("s", [report]).Groups[0].Runs[0];

        Assert.Equal(0.2, run.BestAccuracy);
        Assert.Equal(2, run.BestStep);
    }

    [Fact]
    public void From_SingleSeedGroup_HasNaNStd()
    {
        var summary = SweepSummary.From("s", [SampleSweep.Reports[0]]);

        var group = Assert.Single(summary.Groups);
        Assert.Equal(0.25, group.FinalMean, Precision);
        Assert.True(double.IsNaN(group.FinalStd), $"std of one seed should be NaN, was {group.FinalStd}");
    }

    [Fact]
    public void From_FailedRun_IsNotCountedAsCompleted()
    {
        Assert.Equal(2, Summary.Groups[0].Completed);
        Assert.Equal(1, Summary.Groups[1].Completed);
        Assert.Equal(2, Summary.Groups[1].Runs.Count);
    }

    [Theory]
    [InlineData(RunStatus.Pending)]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void From_UnfinishedOrFailedRunWithOnlyTheWarmStartEvaluation_HasNoFinalAccuracyAndIsLeftOutOfTheMean(RunStatus status)
    {
        var done = SampleSweep.Report("dapo", 1.0, 1, RunStatus.Completed, [(0, 0.1), (4, 0.4)], [100, 100, 100, 100], [1, 1, 1, 1], 1000);
        var notDone = SampleSweep.Report("dapo", 1.0, 2, status, [(0, 0.3)], [100], [1], 1000);

        var group = Assert.Single(SweepSummary.From("s", [done, notDone]).Groups);

        Assert.Equal(1, group.Completed);
        Assert.True(double.IsNaN(group.Runs[1].FinalAccuracy));
        Assert.True(double.IsNaN(group.Runs[1].BestAccuracy));
        Assert.Equal(0, group.Runs[1].BestStep);
        Assert.Equal(0.4, group.FinalMean, Precision);
        Assert.True(double.IsNaN(group.FinalStd));
        Assert.Equal(0.2, group.InitialMean, Precision);
        Assert.Equal(4.0, group.BestStepMean, Precision);
    }

    [Fact]
    public void From_RunWithoutEvaluationsOrMetrics_GivesNaNEverywhereInsteadOfThrowing()
    {
        var snapshot = new RunSnapshot("s/grpo-s1", "grpo", null, 1, RunStatus.Pending, "pending", 0, 4, double.NaN, double.NaN, double.NaN, 0, null, null, "grpo", "grpo");

        var group = Assert.Single(SweepSummary.From("s", [new RunReport(snapshot, [], [])]).Groups);

        Assert.Equal(0, group.Completed);
        Assert.All([group.FinalMean, group.InitialMean, group.BestMean, group.BestStepMean, group.ResponseLengthMean, group.TokensPerSecondMean, group.GradNormMean],
            v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void From_ResponseLength_IsTheMeanOverTheLastTenthOfSteps()
    {
        // Four steps -> the last one: 130 and 140.
        Assert.Equal([130.0, 140.0], Summary.Groups[0].Runs.Select(r => r.FinalResponseLength));
        Assert.Equal(135.0, Summary.Groups[0].ResponseLengthMean, Precision);

        // Twenty steps (length = 10 · step) -> the last two: (190 + 200) / 2.
        var lengths = Enumerable.Range(1, 20).Select(s => 10.0 * s).ToArray();
        var report = SampleSweep.Report("grpo", 1.0, 1, RunStatus.Completed, [(0, 0.1), (20, 0.2)], lengths, new double[20], 1000, steps: 20);
        Assert.Equal(195.0, SweepSummary.From("s", [report]).Groups[0].ResponseLengthMean, Precision);
    }

    [Fact]
    public void From_ThroughputAndGradNorm_AreAveragedOverEveryStepIgnoringNaN()
    {
        var grpo = Summary.Groups[0];

        Assert.Equal(1250.0, grpo.TokensPerSecondMean, Precision);
        // Grad norms 1, 2, 3 (the NaN left out) and 2, 2, 2, 2: mean 14/7 = 2, std sqrt((1 + 0 + 1) / 6).
        Assert.Equal([1.0, 2, 3], grpo.Runs[0].GradNorms);
        Assert.Equal(2.0, grpo.GradNormMean, Precision);
        Assert.Equal(Math.Sqrt(1.0 / 3.0), grpo.GradNormStd, Precision);
    }

    [Fact]
    public void RunsThatDifferInAVariedOption_FormGroupsOfTheirOwn_LabelledByTheRunLabel()
    {
        static RunReport WithLabel(RunReport report, string label) => report with { Run = report.Run with { Label = label } };
        var grpo = SampleSweep.Reports.Where(r => r.Run.Aggregator == "grpo").ToArray();
        var reports = new[]
        {
            WithLabel(grpo[0], "grpo-optimizer-adamw"), WithLabel(grpo[1], "grpo-optimizer-adamw"),
            WithLabel(grpo[0] with { Run = grpo[0].Run with { RunId = "x/grpo-optimizer-sgd-s1" } }, "grpo-optimizer-sgd"),
        };

        var summary = SweepSummary.From(SampleSweep.SweepId, reports);

        Assert.Equal(["grpo [grpo-optimizer-adamw]", "grpo [grpo-optimizer-sgd]"], summary.Groups.Select(g => g.Label));
        Assert.Equal([2, 1], summary.Groups.Select(g => g.Runs.Count));
    }
}
