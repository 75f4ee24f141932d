namespace Orleans.Rlvr.Results.Tests;

public sealed class ThresholdReportTests
{
    private static readonly SweepSummary Summary = SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports);

    [Fact]
    public void StepsTo_IsTheFirstEvaluatedStepAtOrAboveTheThreshold_NeverStepZero()
    {
        foreach (var run in Summary.Runs)
        {
            var expected = run.Report.Evaluations.Where(e => e.Step > 0 && e.AverageAtK >= 0.3).Select(e => (int?)e.Step).FirstOrDefault();
            Assert.Equal(expected, ThresholdReport.StepsTo(run, 0.3));
        }

        Assert.All(Summary.Runs, r => Assert.Null(ThresholdReport.StepsTo(r, 1.0)));
    }

    [Fact]
    public void Speedup_IsTheBaselinesMeanStepsOverTheGroups()
    {
        var report = ThresholdReport.From(Summary, 0.3);

        Assert.Equal(["grpo"], report.Baselines);
        var grpo = report.Rows.Single(r => r.Label == "grpo");
        var deltaL = report.Rows.Single(r => r.Label != "grpo");
        Assert.True(double.IsFinite(grpo.MeanSteps) && double.IsFinite(deltaL.MeanSteps), "both groups must reach 0.3 for the ratio to mean anything");
        Assert.Equal(1.0, report.Speedup(grpo, "grpo"), 12);
        Assert.Equal(grpo.MeanSteps / deltaL.MeanSteps, report.Speedup(deltaL, "grpo"), 12);
    }

    [Fact]
    public void GroupThatNeverReachesTheThreshold_HasNaNStepsAndSpeedup()
    {
        var report = ThresholdReport.From(Summary, 0.99);

        Assert.All(report.Rows, r => Assert.Equal(0, r.Reached));
        Assert.All(report.Rows, r => Assert.True(double.IsNaN(r.MeanSteps)));
        Assert.Contains("| grpo | 0/2 | - | –, – | - |", report.ToMarkdown());
    }

    [Fact]
    public void Speedup_IsGivenOnlyWhereEveryRunOfBothGroupsReachedIt()
    {
        var report = new ThresholdReport(0.3,
        [
            new ThresholdRow("grpo", 2, 2, 20, [30, 10]),
            new ThresholdRow("delta-l α=1", 1, 2, 10, [10, null]),
            new ThresholdRow("delta-l α=0.5", 2, 2, 10, [10, 10]),
        ], ["grpo"]);

        Assert.True(double.IsNaN(report.Speedup(report.Rows[1], "grpo")), "a mean over the one lucky run must not count as a speedup");
        Assert.Equal(2.0, report.Speedup(report.Rows[2], "grpo"), 12);
        Assert.Contains("| delta-l α=1 | 1/2 | 10.0 | 10, – | - |", report.ToMarkdown());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ThresholdOutsideTheUnitInterval_IsRefused(double threshold)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdReport.From(Summary, threshold));
        Assert.Contains("--threshold", error.Message);
    }
}
