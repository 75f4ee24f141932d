namespace Orleans.Rlvr.Results.Tests;

public sealed class ResultsMarkdownTests
{
    private static readonly SweepSummary Summary = SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports);

    [Fact]
    public void Render_HasOneTableRowPerGroupWithItsMeanAndStd()
    {
        var lines = ResultsMarkdown.Render(Summary).Split('\n');
        var rows = lines.SkipWhile(l => !l.StartsWith("| aggregator", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith("| ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(2, rows.Length);
        Assert.StartsWith("| grpo | - | 2/2 | 0.375 ± 0.177 |", rows[0]);
        Assert.StartsWith("| delta-l | 0.5 | 1/2 |", rows[1]);
        Assert.All(rows, r => Assert.Equal(12, r.Count(c => c == '|')));
    }

    [Fact]
    public void Render_ComparesTheGroupsPairedBySeed_OnTheSeedsBothCompleted()
    {
        var text = ResultsMarkdown.Render(Summary);

        // delta-l's seed 2 failed: the pair has seed 1 only (areas 0.275 and 0.60), so no interval or p-value can be given.
        Assert.Contains("Paired by seed", text, StringComparison.Ordinal);
        Assert.Contains("| grpo | delta-l α=0.5 | 1 | -0.3250 | [-, -] | [-, -] | - | - | - |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ListsTheRunsThatDidNotComplete()
    {
        var text = ResultsMarkdown.Render(Summary);

        var failed = Summary.Runs.Single(r => r.Run.Status != Orleans.Rlvr.Runs.RunStatus.Completed);
        Assert.Contains($"- {failed.Run.RunId}: failed at step {failed.Run.Step}", text);
    }
}
