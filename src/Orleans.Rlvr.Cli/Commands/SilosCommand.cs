using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Cli.Cluster;
using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Cluster;
using Spectre.Console;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary><c>rlvr silos [--json]</c>: each silo of the configured cluster, its roles and how busy its tensor threads have been.</summary>
public static class SilosCommand
{
    public static Command Create(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON." };
        var command = new Command("silos", "Show every silo of the configured cluster: roles, device, tensor jobs and utilization since it started.") { json };
        command.SetAction(parse => Run(parse.GetValue(json), output).GetAwaiter().GetResult());
        return command;
    }

    /// <summary>The reports as JSON (durations in seconds).</summary>
    public static JsonArray Json(IEnumerable<SiloComputeReport> reports) => new(reports.Select(r => (JsonNode)new JsonObject
    {
        ["silo"] = r.Silo,
        ["roles"] = r.Roles,
        ["device"] = r.Device,
        ["tensorThreads"] = r.TensorThreads,
        ["uptimeSeconds"] = r.Uptime.TotalSeconds,
        ["jobs"] = r.Jobs,
        ["busySeconds"] = r.Busy.TotalSeconds,
        ["jobSeconds"] = r.JobTime.TotalSeconds,
        ["queueWaitSeconds"] = r.QueueWait.TotalSeconds,
        ["utilization"] = r.Utilization,
        ["pending"] = r.Pending,
        ["rolloutBatches"] = r.RolloutBatches,
        ["rolloutRequests"] = r.RolloutRequests,
        ["learners"] = new JsonArray([.. r.Learners.Select(l => JsonValue.Create(l))]),
    }).ToArray());

    /// <summary>One row per silo.</summary>
    public static Table Table(IEnumerable<SiloComputeReport> reports)
    {
        var table = new Table().AddColumn("silo").AddColumn("roles").AddColumn("device").AddColumn("up")
            .AddColumn(new TableColumn("tensor jobs").RightAligned()).AddColumn(new TableColumn("busy").RightAligned())
            .AddColumn(new TableColumn("utilization").RightAligned()).AddColumn(new TableColumn("queued").RightAligned())
            .AddColumn(new TableColumn("groups / sampler call").RightAligned()).AddColumn(new TableColumn("open learners").RightAligned());
        foreach (var r in reports)
        {
            table.AddRow(
                Markup.Escape(r.Silo), Markup.Escape(r.Roles), Markup.Escape($"{r.Device} × {r.TensorThreads}"), Duration(r.Uptime),
                r.Jobs.ToString(CultureInfo.InvariantCulture), Duration(r.Busy), (r.Utilization * 100).ToString("F1", CultureInfo.InvariantCulture) + "%",
                r.Pending.ToString(CultureInfo.InvariantCulture),
                r.RolloutBatches > 0 ? ((double)r.RolloutRequests / r.RolloutBatches).ToString("F1", CultureInfo.InvariantCulture) : "-",
                r.Learners.Count.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static async Task<int> Run(bool json, TextWriter output)
    {
        var configuration = CliConfiguration.Load();
        await using var connection = await ClusterConnection.OpenAsync(configuration, connect: true, CancellationToken.None);
        var reports = await ClusterCompute.Reports(connection.Client);
        if (json)
        {
            output.WriteLine(Json(reports).ToJsonString());
        }
        else
        {
            Consoles.For(output).Write(Table(reports));
        }

        return 0;
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
