namespace Orleans.Rlvr.Results.Tests;

public sealed class ThresholdReportTests
{
    private static readonly SweepSummary Summary = SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports);

    [Fact]
    public void StepsTo_InterpolatesBetweenTheEvaluationsAroundTheFirstCrossing_NeverStepZero()
    {
        foreach (var run in Summary.Runs)
        {
            var evaluations = run.Report.Evaluations.OrderBy(e => e.Step).ToArray();
            var k = Array.FindIndex(evaluations, e => e.Step > 0 && e.AverageAtK >= 0.3);
            var steps = ThresholdReport.StepsTo(run, 0.3);
            if (k < 0)
            {
                Assert.Null(steps);
                continue;
            }

            var (before, after) = (evaluations[k - 1], evaluations[k]);
            Assert.InRange(steps!.Value, before.AverageAtK >= 0.3 ? after.Step : before.Step, after.Step);
            if (before.AverageAtK < 0.3)
            {
                var interpolated = before.AverageAtK + (steps.Value - before.Step) / (after.Step - before.Step) * (after.AverageAtK - before.AverageAtK);
                Assert.Equal(0.3, interpolated, 9);
            }
        }

        Assert.All(Summary.Runs, r => Assert.Null(ThresholdReport.StepsTo(r, 1.0)));
    }

    [Fact]
    public void Comparisons_PairSeedsOnLogSteps_SoTheirDifferenceIsAStepsRatio()
    {
        var report = ThresholdReport.From(Summary, 0.3);

        var comparison = Assert.Single(report.Comparisons);
        var expected = comparison.Seeds.Select(seed =>
        {
            double Steps(string label) => ThresholdReport.StepsTo(Summary.Runs.Single(r => r.Run.Seed == seed && Summary.Groups.Single(g => g.Label == label).Runs.Contains(r)), 0.3)!.Value;
            return Math.Log(Steps(comparison.A)) - Math.Log(Steps(comparison.B));
        }).Average();
        Assert.Equal(expected, comparison.MeanDifference, 12);
        Assert.Contains("steps A / B", report.ToMarkdown());
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
