using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Results;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Cli.Tests.Rendering;

public sealed class ResultsTableTests
{
    [Fact]
    public void Write_ShowsThePairedComparisons_WithTheirIntervalsAsText()
    {
        // Intervals are written "[low, high]": Spectre reads brackets as markup unless they are escaped.
        var reports = new[] { ("grpo", 1, 0.10), ("grpo", 2, 0.12), ("delta-l", 1, 0.15), ("delta-l", 2, 0.16) }
            .Select(r => Report(r.Item1, r.Item2, r.Item3)).ToArray();
        var text = new StringWriter();

        ResultsTable.Write(Consoles.For(text), SweepSummary.From("s", reports));

        Assert.Contains("paired by seed", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("[-0.", text.ToString(), StringComparison.Ordinal);
    }

    private static RunReport Report(string aggregator, int seed, double area)
    {
        var snapshot = new RunSnapshot($"s/{aggregator}-s{seed}", aggregator, null, seed, RunStatus.Completed, "", 4, 4, 0, area, 0.05, 0, null, null, "grpo", aggregator);
        return new RunReport(snapshot, [], [new EvaluationResult(0, 0.05, 0.05, 4, 8, 10, []), new EvaluationResult(4, area, area, 4, 8, 10, [])]);
    }
}
