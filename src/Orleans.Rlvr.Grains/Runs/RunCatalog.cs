using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>
/// Where runs live on this silo: run directories resolved under the checkpoint root, each run's options recorded in
/// <c>{run directory}/spec.json</c> when it starts (for people and tools; grains carry the options typed), and the
/// task and scorer each silo builds once per run from them.
/// </summary>
public sealed class RunCatalog(IOptions<CheckpointOptions> checkpoints)
{
    public const string SpecFile = "spec.json";
    private readonly ConcurrentDictionary<string, RunContext> _runs = new(StringComparer.Ordinal);

    /// <summary>The checkpoint root every run directory is relative to.</summary>
    public string Root { get; } = checkpoints.Value.FullRoot;

    /// <summary>
    /// The absolute folder of a run directory or checkpoint (relative to the root, or absolute); a path that leaves the
    /// checkpoint root is refused naming <paramref name="field"/>: grains read and write only there, whatever a caller sends.
    /// </summary>
    public string Resolve(string runDirectory, string field = "runDirectory")
    {
        var full = Path.GetFullPath(Path.Combine(Root, runDirectory));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field}: '{runDirectory}' is outside the checkpoint root '{Root}'.", field);
        }

        return full;
    }

    /// <summary>Writes the run's options (atomically; an existing spec with other options is an error).</summary>
    public void Write(string runDirectory, RunOptions options)
    {
        var directory = Resolve(runDirectory);
        var path = Path.Combine(directory, SpecFile);
        if (File.Exists(path))
        {
            var existing = Read(path);
            if (existing != options)
            {
                throw new InvalidOperationException($"'{path}' already holds different options for this run.");
            }

            return;
        }

        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(options, RlvrJson.Options));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The run's options, task and scorer, built once per silo.</summary>
    public RunContext Get(RunSpec run) => _runs.GetOrAdd(run.RunDirectory, key =>
    {
        var task = RlvrTasks.Create(run.Options);
        return new RunContext(Resolve(key), run.Options, task, new GroupScorer(task, run.Options));
    });

    private static RunOptions Read(string path) =>
        JsonSerializer.Deserialize<RunOptions>(File.ReadAllBytes(path), RlvrJson.Options) ?? throw new InvalidDataException($"'{path}' holds no options.");
}
