using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Results;

/// <summary>Writes a sweep's results as CSV (per run per step, per group) and JSON; NaN becomes an empty cell or null.</summary>
public static class ResultsExport
{
    private static readonly string[] MetricColumns = [MetricNames.ScoreMean, MetricNames.ResponseLengthMean, MetricNames.GradNorm, MetricNames.Entropy, MetricNames.Throughput, MetricNames.StepSeconds];

    /// <summary>One row per run per step: run, aggregator, α, seed, step, the main metrics, and avg@k where the step was evaluated.</summary>
    public static void WriteRunsCsv(string path, SweepSummary summary)
    {
        var csv = new StringBuilder("run_id,aggregator,alpha,advantages,seed,step," + string.Join(',', MetricColumns.Select(c => c.Replace('/', '_'))) + ",avg_at_k\n");
        foreach (var run in summary.Runs)
        {
            var evaluations = run.Report.Evaluations.ToDictionary(e => e.Step, e => e.AverageAtK);
            foreach (var metrics in run.Report.Metrics)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{run.Run.RunId},{run.Run.Aggregator},{(run.Run.Alpha is { } alpha ? Cell(alpha) : "")},{run.Run.Advantages},{run.Run.Seed},{metrics.Step},")
                    .Append(string.Join(',', MetricColumns.Select(c => Cell(metrics[c]))))
                    .Append(',').Append(evaluations.TryGetValue(metrics.Step, out var accuracy) ? Cell(accuracy) : "").Append('\n');
            }
        }

        Write(path, csv.ToString());
    }

    /// <summary>One row per configuration (aggregator, α, advantages).</summary>
    public static void WriteSummaryCsv(string path, SweepSummary summary)
    {
        var csv = new StringBuilder("aggregator,alpha,advantages,runs,completed,final_acc_mean,final_acc_std,initial_acc_mean,gain_mean,best_acc_mean,best_step_mean,response_length_mean,tokens_per_s_mean,grad_norm_mean,grad_norm_std,reward_mean\n");
        foreach (var g in summary.Groups)
        {
            csv.Append(string.Join(',', g.Aggregator, g.Alpha is { } a ? Cell(a) : "", g.Advantages ?? g.Runs.FirstOrDefault()?.Run.Advantages ?? "", g.Runs.Count.ToString(CultureInfo.InvariantCulture), g.Completed.ToString(CultureInfo.InvariantCulture),
                Cell(g.FinalMean), Cell(g.FinalStd), Cell(g.InitialMean), Cell(g.GainMean), Cell(g.BestMean), Cell(g.BestStepMean),
                Cell(g.ResponseLengthMean), Cell(g.TokensPerSecondMean), Cell(g.GradNormMean), Cell(g.GradNormStd), Cell(g.RewardMean))).Append('\n');
        }

        Write(path, csv.ToString());
    }

    /// <summary>The whole sweep: groups with their statistics, runs with every step's metrics and every evaluation.</summary>
    public static JsonObject ToJson(SweepSummary summary) => new()
    {
        ["sweepId"] = summary.SweepId,
        ["groups"] = new JsonArray(summary.Groups.Select(g => (JsonNode)new JsonObject
        {
            ["aggregator"] = g.Aggregator,
            ["alpha"] = Value(g.Alpha ?? double.NaN),
            ["advantages"] = g.Advantages ?? g.Runs.FirstOrDefault()?.Run.Advantages,
            ["label"] = g.Label,
            ["runs"] = g.Runs.Count,
            ["completed"] = g.Completed,
            ["finalAccuracyMean"] = Value(g.FinalMean),
            ["finalAccuracyStd"] = Value(g.FinalStd),
            ["initialAccuracyMean"] = Value(g.InitialMean),
            ["bestAccuracyMean"] = Value(g.BestMean),
            ["bestStepMean"] = Value(g.BestStepMean),
            ["responseLengthMean"] = Value(g.ResponseLengthMean),
            ["rewardMean"] = Value(g.RewardMean),
            ["tokensPerSecondMean"] = Value(g.TokensPerSecondMean),
            ["gradNormMean"] = Value(g.GradNormMean),
            ["gradNormStd"] = Value(g.GradNormStd),
        }).ToArray()),
        ["runs"] = new JsonArray(summary.Runs.Select(r => (JsonNode)Run(r, withHistory: true)).ToArray()),
        ["comparisons"] = Comparisons(PairedComparison.All(summary)),
    };

    /// <summary>The paired comparisons (<see cref="PairedComparison"/>) as JSON: labels, seeds, per-seed differences, intervals, p and Holm p.</summary>
    public static JsonArray Comparisons(IReadOnlyList<PairedComparison> comparisons) => new(comparisons.Select(c => (JsonNode)new JsonObject
    {
        ["a"] = c.A,
        ["b"] = c.B,
        ["endpoint"] = "accuracyArea",
        ["seeds"] = new JsonArray([.. c.Seeds.Select(s => (JsonNode?)JsonValue.Create(s))]),
        ["differences"] = new JsonArray([.. c.Differences.Select(d => (JsonNode?)Value(d))]),
        ["meanDifference"] = Value(c.MeanDifference),
        ["tLow"] = Value(c.TLow),
        ["tHigh"] = Value(c.THigh),
        ["bootstrapLow"] = Value(c.BootstrapLow),
        ["bootstrapHigh"] = Value(c.BootstrapHigh),
        ["p"] = Value(c.P),
        ["holmP"] = Value(c.HolmP),
        ["signs"] = c.Signs,
    }).ToArray());

    /// <summary>A run's headline fields (and, with <paramref name="withHistory"/>, its metrics and evaluations).</summary>
    public static JsonObject Run(RunResult run, bool withHistory)
    {
        var json = new JsonObject
        {
            ["runId"] = run.Run.RunId,
            ["aggregator"] = run.Run.Aggregator,
            ["alpha"] = run.Run.Alpha is { } alpha ? Value(alpha) : null,
            ["advantages"] = run.Run.Advantages,
            ["seed"] = run.Run.Seed,
            ["status"] = run.Run.Status.ToString(),
            ["steps"] = run.Run.Step,
            ["initialAccuracy"] = Value(run.InitialAccuracy),
            ["finalAccuracy"] = Value(run.FinalAccuracy),
            ["finalReward"] = Value(run.FinalReward),
            ["stepsRedone"] = run.Run.StepsRedone,
        };
        if (run.Run.Error is { } error)
        {
            json["error"] = error;
        }

        if (withHistory)
        {
            json["metrics"] = new JsonArray(run.Report.Metrics.Select(m =>
            {
                var step = new JsonObject { ["step"] = m.Step };
                foreach (var (key, value) in m.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    step[key] = Value(value);
                }

                return (JsonNode)step;
            }).ToArray());
            json["evaluations"] = new JsonArray(run.Report.Evaluations.Select(e =>
            {
                var evaluation = new JsonObject
                {
                    ["step"] = e.Step,
                    ["averageAtK"] = Value(e.AverageAtK),
                    ["greedyAccuracy"] = Value(e.GreedyAccuracy),
                    ["passAtK"] = Value(e.PassAtK),
                    ["k"] = e.K,
                    ["prompts"] = e.Prompts,
                    ["meanResponseLength"] = Value(e.MeanResponseLength),
                };
                foreach (var (key, value) in e.Diagnostics.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    evaluation[key] = Value(value);
                }

                return (JsonNode)evaluation;
            }).ToArray());
        }

        return json;
    }

    /// <summary>Writes <see cref="ToJson"/> indented to <paramref name="path"/>, creating its folder.</summary>
    public static void WriteJson(string path, SweepSummary summary) =>
        Write(path, ToJson(summary).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static JsonNode? Value(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string Cell(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }
}
