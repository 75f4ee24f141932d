namespace Orleans.Rlvr.Results.Tests;

public sealed class ResultsMarkdownTests
{
    private static readonly SweepSummary Summary = SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports);

    [Fact]
    public void Render_HasOneTableRowPerGroupWithItsMeanAndStd()
    {
        var lines = ResultsMarkdown.Render(Summary).Split('\n');
        var rows = lines.Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| aggregator", StringComparison.Ordinal)).ToArray();

        Assert.Equal(2, rows.Length);
        Assert.StartsWith("| grpo | - | 2/2 | 0.375 ± 0.177 |", rows[0]);
        Assert.StartsWith("| delta-l | 0.5 | 1/2 |", rows[1]);
        Assert.All(rows, r => Assert.Equal(12, r.Count(c => c == '|')));
    }

    [Fact]
    public void Render_ListsTheRunsThatDidNotComplete()
    {
        var text = ResultsMarkdown.Render(Summary);

        var failed = Summary.Runs.Single(r => r.Run.Status != Orleans.Rlvr.Runs.RunStatus.Completed);
        Assert.Contains($"- {failed.Run.RunId}: failed at step {failed.Run.Step}", text);
    }
}
