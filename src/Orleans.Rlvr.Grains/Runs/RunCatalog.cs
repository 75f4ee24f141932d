using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Hosting;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Grains.Runs;

/// <summary>
/// A run's options live in <c>{checkpoint root}/{run directory}/spec.json</c>, written once when the run starts;
/// grains pass the run directory (a reference), and each silo reads and caches the options, task and scorer.
/// </summary>
public sealed class RunCatalog(IOptions<CheckpointOptions> checkpoints)
{
    public const string SpecFile = "spec.json";
    private readonly ConcurrentDictionary<string, RunContext> _runs = new(StringComparer.Ordinal);

    /// <summary>The checkpoint root every run directory is relative to.</summary>
    public string Root { get; } = checkpoints.Value.FullRoot;

    /// <summary>The absolute folder of a run directory; a path that leaves the checkpoint root is refused.</summary>
    public string Resolve(string runDirectory)
    {
        var full = Path.GetFullPath(Path.Combine(Root, runDirectory));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"runDirectory: '{runDirectory}' is outside the checkpoint root '{Root}'.", nameof(runDirectory));
        }

        return full;
    }

    /// <summary>Writes the run's options (atomically; an existing spec with other options is an error).</summary>
    public void Write(string runDirectory, TrainingOptions options)
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
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(options, RunCheckpoint.Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The run's options, task and scorer, read once per silo.</summary>
    public RunContext Get(string runDirectory) => _runs.GetOrAdd(runDirectory, key =>
    {
        var directory = Resolve(key);
        var options = Read(Path.Combine(directory, SpecFile));
        var task = RlvrTasks.Create(options);
        return new RunContext(directory, options, task, new GroupScorer(task, options));
    });

    private static TrainingOptions Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No run spec at '{path}': is the checkpoint root shared by every silo?", path);
        }

        return (JsonSerializer.Deserialize<TrainingOptions>(File.ReadAllBytes(path), RunCheckpoint.Json)
            ?? throw new InvalidDataException($"'{path}' holds no options.")).Validate();
    }
}
