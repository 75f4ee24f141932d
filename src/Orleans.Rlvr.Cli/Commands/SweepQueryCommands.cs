using Orleans.Rlvr.Cli.Rendering;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Cli.Cluster;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Grains;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Sweeps;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr status ID</c>, <c>rlvr results ID [ID...] [--csv F] [--json] [--plots DIR] [--threshold A]</c> and <c>rlvr cancel ID</c>. Their
/// embedded silo is inspect-only: it reads an unfinished sweep without resuming it (<c>rlvr sweep --attach</c> does).
/// </summary>
public static class SweepQueryCommands
{
    public static Command Status(TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("sweep") { Description = "The sweep id (printed by rlvr sweep)." };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON." };
        var connect = Connect();
        var command = new Command("status", "Show a sweep's state and each run's progress.") { id, json, connect };
        command.SetAction(parse => WithSweep(parse.GetValue(connect), parse.GetValue(id)!, async (sweep, _) =>
        {
            var status = await sweep.GetStatus();
            if (parse.GetValue(json))
            {
                output.WriteLine(StatusJson(status).ToJsonString());
                return 0;
            }

            var console = Consoles.For(output);
            var table = new Table().Title(Markup.Escape($"sweep {status.SweepId}: {status.State.ToString().ToLowerInvariant()}, started {status.StartedAt:u}"))
                .AddColumn("run").AddColumn("status").AddColumn("progress").AddColumn("learner silo");
            foreach (var run in status.Runs)
            {
                table.AddRow(Markup.Escape(run.RunId), run.Status.ToString(), Markup.Escape(SweepProgress.Describe(run)), Markup.Escape(run.LearnerSilo ?? "-"));
            }

            console.Write(table);
            return 0;
        }));
        return command;
    }

    public static Command Results(TextWriter output, TextWriter error)
    {
        var ids = new Argument<string[]>("sweeps") { Description = "The sweep id; several ids report sweeps of the same experiment with different seeds as one.", Arity = ArgumentArity.OneOrMore };
        var csv = new Option<string?>("--csv") { Description = "Also write the per-step metrics of every run to this CSV file." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of the table." };
        var plots = new Option<string?>("--plots") { Description = "Write the PNG plots into this folder (default: the results folder)." };
        var outDir = new Option<string?>("--out") { Description = "Results folder (default <Checkpoints:Root>/sweeps/<id>/results)." };
        var threshold = new Option<double?>("--threshold") { Description = "Also report the steps each group needs to reach this held-out avg@k, and speedups over grpo, dapo and dr-grpo." };
        var connect = Connect();
        var command = new Command("results", "Print a sweep's results table and write CSV, JSON, Markdown and plots.") { ids, csv, json, plots, outDir, threshold, connect };
        command.SetAction(parse =>
        {
            if (parse.GetValue(threshold) is { } level && (!double.IsFinite(level) || level is <= 0 or > 1))
            {
                throw new UsageException($"--threshold: {level.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not an accuracy in (0, 1].");
            }

            CheckOutputs(parse.GetValue(outDir), parse.GetValue(csv), parse.GetValue(plots));
            return WithSweeps(parse.GetValue(connect), parse.GetValue(ids)!, async (sweeps, configuration) =>
            {
                var read = new List<(SweepStatus, IReadOnlyList<Runs.RunReport>)>();
                foreach (var sweep in sweeps)
                {
                    read.Add((await sweep.GetStatus(), await sweep.GetReports()));
                }

                var (status, reports) = SweepMerge.Merge(read);
                var options = new SweepOutputOptions(parse.GetValue(outDir), parse.GetValue(json), false, parse.GetValue(csv), parse.GetValue(plots), parse.GetValue(threshold));
                SweepResultsOutput.Write(status, reports, SweepSession.ResultsFolder(configuration, status.SweepId, options), options, output, Consoles.For(error));
                return 0;
            });
        });
        return command;
    }

    public static Command Cancel(TextWriter output, TextWriter error)
    {
        var id = new Argument<string>("sweep") { Description = "The sweep id." };
        var connect = Connect();
        var command = new Command("cancel", "Cancel a sweep: pending runs never start, running runs stop after their current step.") { id, connect };
        command.SetAction(parse => WithSweep(parse.GetValue(connect), parse.GetValue(id)!, async (sweep, _) =>
        {
            var status = await sweep.Cancel();
            output.WriteLine($"sweep {status.SweepId}: {status.State.ToString().ToLowerInvariant()}");
            return 0;
        }));
        return command;
    }

    /// <summary>The sweep status as JSON: id, state and each run's snapshot.</summary>
    public static JsonObject StatusJson(SweepStatus status) => new()
    {
        ["sweepId"] = status.SweepId,
        ["state"] = status.State.ToString(),
        ["runs"] = new JsonArray(status.Runs.Select(r => (JsonNode)new JsonObject
        {
            ["runId"] = r.RunId,
            ["aggregator"] = r.Aggregator,
            ["alpha"] = r.Alpha,
            ["seed"] = r.Seed,
            ["status"] = r.Status.ToString(),
            ["step"] = r.Step,
            ["steps"] = r.Steps,
            ["reward"] = double.IsFinite(r.Reward) ? r.Reward : null,
            ["accuracy"] = double.IsFinite(r.Accuracy) ? r.Accuracy : null,
            ["learnerSilo"] = r.LearnerSilo,
            ["failures"] = r.Failures,
            ["stepsRedone"] = r.StepsRedone,
            ["error"] = r.Error,
        }).ToArray()),
    };

    private static Option<bool> Connect() => new("--connect") { Description = "Join the configured cluster instead of starting an embedded silo (which reads sweeps from the checkpoint root's grain state)." };

    private static void CheckOutputs(string? outDir, string? csv, string? plots)
    {
        if (outDir is not null)
        {
            OutputPaths.Folder("--out", outDir);
        }

        if (csv is not null)
        {
            OutputPaths.File("--csv", csv);
        }

        if (plots is not null)
        {
            OutputPaths.Folder("--plots", plots);
        }
    }

    /// <summary>Refuses, before any cluster is opened, an id that no sweep can have (empty, blank, a path).</summary>
    public static void RequireSweepId(string flag, string id)
    {
        try
        {
            SweepPlan.RequireId(flag, id);
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }
    }

    private static int WithSweep(bool connect, string sweepId, Func<ISweepGrain, Microsoft.Extensions.Configuration.IConfiguration, Task<int>> action) =>
        WithSweeps(connect, [sweepId], (sweeps, configuration) => action(sweeps[0], configuration));

    private static int WithSweeps(bool connect, IReadOnlyList<string> sweepIds, Func<IReadOnlyList<ISweepGrain>, Microsoft.Extensions.Configuration.IConfiguration, Task<int>> action) =>
        Run(connect, sweepIds, action).GetAwaiter().GetResult();

    private static async Task<int> Run(bool connect, IReadOnlyList<string> sweepIds, Func<IReadOnlyList<ISweepGrain>, Microsoft.Extensions.Configuration.IConfiguration, Task<int>> action)
    {
        foreach (var sweepId in sweepIds)
        {
            RequireSweepId("sweep", sweepId);
        }

        var configuration = CliConfiguration.Load();
        await using var connection = await ClusterConnection.OpenAsync(configuration, connect, CancellationToken.None, driveRuns: false);
        var sweeps = new List<ISweepGrain>();
        foreach (var sweepId in sweepIds.Distinct())
        {
            var sweep = connection.Client.GetGrain<ISweepGrain>(sweepId);
            if ((await sweep.GetStatus()).State == SweepState.Unknown)
            {
                throw new UsageException($"sweep: there is no sweep '{sweepId}' {(connection.Embedded ? $"under the checkpoint root '{CliConfiguration.RunsRoot(configuration)}'" : "in the configured cluster")}.");
            }

            sweeps.Add(sweep);
        }

        return await action(sweeps, configuration);
    }
}
