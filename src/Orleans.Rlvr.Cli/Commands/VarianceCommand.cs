using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Orleans.Rlvr.Cli.Rendering;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Variance;
using Spectre.Console;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>rlvr variance [--checkpoint DIR | --preset P] [--seed S] [--set path=value]... [--samples N] [--batches K]
/// [--batch-groups B] [--bootstrap R] [--alpha 0,0.5,1] [--json] [--plots DIR]</c>: the gradient-variance study on one policy.
/// </summary>
public static class VarianceCommand
{
    private const string DefaultPreset = "demo";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var defaults = new VarianceOptions();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A run directory or checkpoint folder: measure its policy (default: a preset's warm-start policy)." };
        var preset = new Option<string?>("--preset") { Description = $"Measure the warm-start policy of this preset: {string.Join(", ", TrainingPresets.Names)} (default: {DefaultPreset})." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the study's draws and, with --preset, of the run (default: 1)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a run option: path=value, e.g. --set groupSize=16 (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var samples = new Option<int?>("--samples") { Description = $"Responses to sample (whole groups of G; default: {defaults.Samples})." };
        var batches = new Option<int?>("--batches") { Description = $"K: batches drawn for every aggregator (default: {defaults.Batches})." };
        var batchGroups = new Option<int?>("--batch-groups") { Description = "B: prompt groups per batch (default: the run's promptsPerStep)." };
        var bootstrap = new Option<int?>("--bootstrap") { Description = $"Bootstrap resamples for β's interval, at least 200 (default: {defaults.BootstrapResamples})." };
        var alpha = new Option<string>("--alpha")
        {
            Description = "α values of delta-l, comma-separated, each in [0, 1].",
            DefaultValueFactory = _ => string.Join(",", VarianceOptions.DefaultAlphas.Select(a => a.ToString(CultureInfo.InvariantCulture))),
        };
        var bins = new Option<int?>("--bins") { Description = $"Length bins of the binned fit Var(g_i / A_i | L_i), 2–64 (default: {defaults.LengthBins})." };
        var tokenResponses = new Option<int?>("--token-responses") { Description = $"Responses whose token scores are measured for the token-independence test, 0 to skip (default: {defaults.TokenResponses}; one backward pass per token)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON on stdout." };
        var plots = new Option<string?>("--plots") { Description = "Write beta_fit.png and cv.png into this folder." };

        var command = new Command("variance", "Measure per-sample gradient variance against length (β) and each aggregator's batch-gradient variance, CV and bias.")
        {
            checkpoint, preset, seed, set, samples, batches, batchGroups, bootstrap, bins, tokenResponses, alpha, json, plots,
        };
        command.SetAction(parse =>
        {
            var checkpointDirectory = parse.GetValue(checkpoint);
            if (checkpointDirectory is not null && parse.GetValue(preset) is not null)
            {
                throw new UsageException("--checkpoint and --preset: give one or the other (a checkpoint carries its own options).");
            }

            if (parse.GetValue(plots) is { } plotsFolder)
            {
                OutputPaths.Folder("--plots", plotsFolder);
            }

            var configuration = CliConfiguration.Load();
            var alphas = AlphaList.Parse(parse.GetValue(alpha)!);
            var overrides = (parse.GetValue(set) ?? []).Select(o => Guard(() => TrainingOverrides.Parse(o))).ToArray();
            var console = Consoles.For(error);
            // Ctrl+C or SIGTERM: the study stops at its next progress report (a study is not resumable: nothing to save but
            // the warm start, which the cache keeps once finished), says so, and exits 130 / 143.
            using var stop = new StopSignals();
            var progress = new VarianceProgressLines(console) { Stop = stop.Token };
            var clock = Stopwatch.StartNew();

            RunOptions? presetOptions = null;
            if (checkpointDirectory is null)
            {
                presetOptions = Guard(() => TrainingPresets.Get(parse.GetValue(preset) ?? DefaultPreset));
                presetOptions = Guard(() => TrainingOverrides.Apply(presetOptions with { Seed = parse.GetValue(seed) ?? presetOptions.Seed }, overrides).Validate());
            }

            VarianceOptions Study(RunOptions run) => Guard(() => new VarianceOptions
            {
                Samples = parse.GetValue(samples) ?? defaults.Samples,
                Batches = parse.GetValue(batches) ?? defaults.Batches,
                BatchGroups = parse.GetValue(batchGroups) ?? run.Rollout.PromptsPerStep,
                BootstrapResamples = parse.GetValue(bootstrap) ?? defaults.BootstrapResamples,
                LengthBins = parse.GetValue(bins) ?? defaults.LengthBins,
                TokenResponses = parse.GetValue(tokenResponses) ?? defaults.TokenResponses,
                Alphas = alphas,
                Seed = parse.GetValue(seed) ?? defaults.Seed,
            }.ValidateFor(run));

            var studyOptions = presetOptions is null ? null : Study(presetOptions);   // refuse bad input before a warm start
            var device = Guard(() => TorchRuntime.Configure(CliConfiguration.Torch(configuration)));
            var warmStarts = new WarmStartCache(Path.Combine(CliConfiguration.RunsRoot(configuration), "warm-start"));
            StudyPolicy? opened = null;
            VarianceResult result;
            try
            {
                opened = checkpointDirectory is not null
                    ? Guard(() => StudyPolicy.FromCheckpoint(checkpointDirectory, device, overrides))
                    : StudyPolicy.WarmStarted(presetOptions!, device, warmStarts, progress);
                studyOptions ??= Study(opened.Options);
                var run = opened.Options;
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"variance study of {opened.Source}: {studyOptions.Samples} samples, G={run.Rollout.GroupSize} M={run.Rollout.MaxResponseLength}, K={studyOptions.Batches} batches of B={studyOptions.BatchGroups}, device {device.type}")));

                result = Guard(() => VarianceStudy.Run(opened, studyOptions, progress));
            }
            catch (Exception) when (opened is not null && stop.ExitCode == 0)
            {
                opened.Dispose();
                throw;
            }
            catch (OperationCanceledException) when (stop.ExitCode != 0)
            {
                opened?.Dispose();
                error.WriteLine($"Stopped during the variance study ({progress.Stage}); a study is not resumable: run the same command again (a finished warm start is cached and reused).");
                return stop.ExitCode;
            }

            using var policy = opened;
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:F1}s")));
            if (parse.GetValue(plots) is { } folder)
            {
                foreach (var path in VariancePlots.Write(folder, result))
                {
                    console.MarkupLine(Markup.Escape($"wrote {path}"));
                }
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(VarianceReport.ToJson(result, policy.Source));
            }
            else
            {
                VarianceReport.Write(Consoles.For(output), result, policy.Source);
            }

            return 0;
        });
        return command;
    }

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            throw new UsageException(e.Message);
        }
    }
}
