using System.Globalization;
using System.Text.Json;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results.Tests;

public sealed class ResultsExportTests : IDisposable
{
    private const string RunsHeader =
        "run_id,aggregator,alpha,advantages,seed,step,critic_score_mean,response_length_mean,actor_grad_norm,actor_entropy,perf_throughput,timing_s_step,avg_at_k";

    private const string SummaryHeader =
        "aggregator,alpha,advantages,runs,completed,final_acc_mean,final_acc_std,initial_acc_mean,gain_mean,best_acc_mean,best_step_mean,response_length_mean,tokens_per_s_mean,grad_norm_mean,grad_norm_std,reward_mean";

    private readonly string _directory = Directory.CreateTempSubdirectory("rlvr-results-").FullName;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    /// <summary>The sample sweep plus a single-seed dapo group, whose std is NaN.</summary>
    private static readonly SweepSummary Summary = SweepSummary.From(SampleSweep.SweepId,
    [
        .. SampleSweep.Reports,
        SampleSweep.Report("dapo", 1.0, 1, RunStatus.Completed, [(0, 0.1), (4, 0.2)], [100, 100, 100, 100], [1, 1, 1, 1], 1000),
    ]);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void ToJson_NonFiniteValues_AreWrittenAsNullAndTheTextIsValidJson()
    {
        var text = ResultsExport.ToJson(Summary).ToJsonString();

        Assert.DoesNotContain("NaN", text);
        Assert.DoesNotContain("Infinity", text);
        var root = JsonDocument.Parse(text).RootElement;
        var groups = root.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(["grpo", "delta-l", "dapo"], groups.Select(g => g.GetProperty("aggregator").GetString()));
        Assert.Equal(JsonValueKind.Null, groups[2].GetProperty("finalAccuracyStd").ValueKind);
        Assert.Equal(0.0, groups[2].GetProperty("gradNormStd").GetDouble()); // over its four steps, not its one seed
        Assert.Equal(0.2, groups[2].GetProperty("finalAccuracyMean").GetDouble(), 12);

        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        var grpo1 = runs.Single(r => r.GetProperty("runId").GetString() == "alpha-study-1/grpo-s1");
        var grpo2 = runs.Single(r => r.GetProperty("runId").GetString() == "alpha-study-1/grpo-s2");
        // grpo s1's grad norm at step 4 is NaN; grpo s2's entropy at step 1 is +∞.
        Assert.Equal(JsonValueKind.Null, grpo1.GetProperty("metrics")[3].GetProperty("actor/grad_norm").ValueKind);
        Assert.Equal(3.0, grpo1.GetProperty("metrics")[2].GetProperty("actor/grad_norm").GetDouble());
        Assert.Equal(JsonValueKind.Null, grpo2.GetProperty("metrics")[0].GetProperty("actor/entropy").ValueKind);
    }

    [Fact]
    public void ToJson_GroupWithoutAlpha_HasNullAlphaAndDeltaLGroupHasItsAlpha()
    {
        var groups = JsonDocument.Parse(ResultsExport.ToJson(Summary).ToJsonString()).RootElement.GetProperty("groups");

        Assert.Equal(JsonValueKind.Null, groups[0].GetProperty("alpha").ValueKind);
        Assert.Equal(0.5, groups[1].GetProperty("alpha").GetDouble());
        Assert.Equal(2, groups[1].GetProperty("runs").GetInt32());
        Assert.Equal(1, groups[1].GetProperty("completed").GetInt32());
        Assert.Equal(0.45, groups[1].GetProperty("finalAccuracyMean").GetDouble(), 12);
        Assert.Equal(2.0, groups[1].GetProperty("bestStepMean").GetDouble(), 12);
    }

    [Fact]
    public void ToJson_RunWithoutAlpha_HasNullAlphaAsDocumented()
    {
        // docs/sweeps.md shows a grpo run as "alpha":null; the run records α = 1 (SweepPlan gives every non-delta-l run α = 1).
        var runs = JsonDocument.Parse(ResultsExport.ToJson(Summary).ToJsonString()).RootElement.GetProperty("runs").EnumerateArray().ToArray();

        var grpo = runs.First(r => r.GetProperty("aggregator").GetString() == "grpo");
        var deltaL = runs.First(r => r.GetProperty("aggregator").GetString() == "delta-l");
        Assert.Equal(0.5, deltaL.GetProperty("alpha").GetDouble());
        Assert.Equal(JsonValueKind.Null, grpo.GetProperty("alpha").ValueKind);
    }

    [Fact]
    public void ToJson_Run_HasItsHeadlineFieldsHistoryAndError()
    {
        var runs = JsonDocument.Parse(ResultsExport.ToJson(Summary).ToJsonString()).RootElement.GetProperty("runs").EnumerateArray().ToArray();

        var failed = runs.Single(r => r.GetProperty("runId").GetString() == "alpha-study-1/delta-l-a0.5-s2");
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal(2, failed.GetProperty("seed").GetInt32());
        Assert.Equal(3, failed.GetProperty("steps").GetInt32());
        Assert.Equal(0.2, failed.GetProperty("initialAccuracy").GetDouble());
        Assert.Equal(0.3, failed.GetProperty("finalAccuracy").GetDouble());
        Assert.Equal("out of memory", failed.GetProperty("error").GetString());
        Assert.Equal(3, failed.GetProperty("metrics").GetArrayLength());
        Assert.Equal([0, 2], failed.GetProperty("evaluations").EnumerateArray().Select(e => e.GetProperty("step").GetInt32()));
        Assert.Equal(0.15, failed.GetProperty("evaluations")[1].GetProperty("greedyAccuracy").GetDouble());
        var completed = runs.Single(r => r.GetProperty("runId").GetString() == "alpha-study-1/grpo-s1");
        Assert.False(completed.TryGetProperty("error", out _));
    }

    [Fact]
    public void ToJson_Evaluation_CarriesPassAtKAndTheTasksDiagnostics()
    {
        var evaluation = new EvaluationResult(5, 0.25, 0.3, 4, 67, 29, []) { PassAtK = 0.5, Diagnostics = new Dictionary<string, double> { ["countdown/false_found"] = 0.6 } };
        var report = SampleSweep.Reports[0];
        var summary = SweepSummary.From("one", [report with { Evaluations = [evaluation] }]);

        var json = JsonDocument.Parse(ResultsExport.ToJson(summary).ToJsonString()).RootElement.GetProperty("runs")[0].GetProperty("evaluations")[0];

        Assert.Equal(0.5, json.GetProperty("passAtK").GetDouble());
        Assert.Equal(0.6, json.GetProperty("countdown/false_found").GetDouble());
    }

    [Fact]
    public void WriteJson_WritesAFileThatParses()
    {
        var path = Path.Combine(_directory, "nested", "results.json");

        ResultsExport.WriteJson(path, Summary);

        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        Assert.Equal(SampleSweep.SweepId, root.GetProperty("sweepId").GetString());
        Assert.Equal(5, root.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public void WriteRunsCsv_HasAHeaderAndOneRowPerRunAndStep()
    {
        var lines = WriteRuns();

        Assert.Equal(RunsHeader, lines[0]);
        // 4 + 4 + 4 + 3 (the failed run) + 4 (dapo) steps.
        Assert.Equal(1 + 19, lines.Length);
        Assert.All(lines, l => Assert.Equal(13, l.Split(',').Length));
        Assert.Equal(4, lines.Count(l => l.StartsWith("alpha-study-1/grpo-s1,", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.StartsWith("alpha-study-1/delta-l-a0.5-s2,", StringComparison.Ordinal)));
    }

    [Fact]
    public void WriteRunsCsv_HasAvgAtKOnlyOnEvaluatedStepsAndEmptyCellsForNonFiniteValues()
    {
        var lines = WriteRuns();

        Assert.Equal("alpha-study-1/grpo-s1,grpo,,grpo,1,1,0.1,100,1,0.5,1000,1.25,", lines[1]);
        Assert.Equal("alpha-study-1/grpo-s1,grpo,,grpo,1,2,0.2,110,2,0.5,1000,1.25,0.3", lines[2]);
        Assert.Equal("alpha-study-1/grpo-s1,grpo,,grpo,1,4,0.4,130,,0.5,1000,1.25,0.25", lines[4]);
        Assert.Equal("alpha-study-1/grpo-s2,grpo,,grpo,2,1,0.1,90,2,,1500,1.25,", lines[5]);
    }

    [Fact]
    public void WriteRunsCsv_UnderAGermanCulture_StillUsesADecimalPoint()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture)); // the culture really is German here

        var lines = WriteRuns();

        Assert.Equal("alpha-study-1/delta-l-a0.5-s1,delta-l,0.5,grpo,1,2,0.2,100,1,0.5,2000,1.25,0.6", lines[10]);
        Assert.All(lines, l => Assert.Equal(13, l.Split(',').Length));
    }

    [Fact]
    public void WriteSummaryCsv_HasAHeaderAndOneRowPerGroup()
    {
        var rows = WriteSummary();

        Assert.Equal(SummaryHeader, rows[0]);
        Assert.Equal(1 + 3, rows.Length);
        Assert.All(rows, r => Assert.Equal(16, r.Split(',').Length));
        Assert.Equal(["grpo", "delta-l", "dapo"], rows.Skip(1).Select(r => r.Split(',')[0]));
    }

    [Fact]
    public void WriteSummaryCsv_HasTheGroupStatisticsAndEmptyCellsForNaN()
    {
        var rows = WriteSummary();

        var grpo = rows[1].Split(',');
        Assert.Equal(["grpo", "", "grpo", "2", "2"], grpo.Take(5));
        AssertCells([0.375, Math.Sqrt(0.03125), 0.15, 0.225, 0.40, 3, 135, 1250, 2, Math.Sqrt(1.0 / 3), 0.4], grpo.Skip(5));
        var deltaL = rows[2].Split(',');
        Assert.Equal(["delta-l", "0.5", "grpo", "2", "1"], deltaL.Take(5));
        AssertCells([0.45, Math.Sqrt(0.045), 0.15, 0.30, 0.45, 2, 100, 2000, 1, 0, (0.4 + 0.3) / 2], deltaL.Skip(5));
        var dapo = rows[3].Split(',');
        Assert.Equal(["dapo", "", "grpo", "1", "1", "0.2", ""], dapo.Take(7));
    }

    [Fact]
    public void WriteSummaryCsv_UnderAGermanCulture_StillUsesADecimalPoint()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

        var rows = WriteSummary();

        Assert.Equal(["delta-l", "0.5", "grpo", "2", "1"], rows[2].Split(',').Take(5));
        Assert.Equal("0.375", rows[1].Split(',')[5]);
        Assert.All(rows, r => Assert.Equal(16, r.Split(',').Length));
    }

    private string[] WriteRuns()
    {
        var path = Path.Combine(_directory, "runs.csv");
        ResultsExport.WriteRunsCsv(path, Summary);
        return File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private string[] WriteSummary()
    {
        var path = Path.Combine(_directory, "summary.csv");
        ResultsExport.WriteSummaryCsv(path, Summary);
        return File.ReadAllLines(path);
    }

    private static void AssertCells(double[] expected, IEnumerable<string> cells)
    {
        var actual = cells.Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"cell {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
