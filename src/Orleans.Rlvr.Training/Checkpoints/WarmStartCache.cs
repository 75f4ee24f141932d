using System.Security.Cryptography;
using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>
/// Warm-started policies shared between runs that would compute the same one (same task section, policy shape,
/// warm-start settings, M and seed): runs that differ only in the aggregator or α then start from identical weights, and the
/// warm start is paid once. Entries are written atomically by <see cref="CheckpointStore"/>. Runs that miss at the
/// same time (several tensor threads, or silos sharing the checkpoint root) take the key's lock in turn
/// (<see cref="Acquire"/>): one computes, the others then load its entry.
/// </summary>
public sealed class WarmStartCache(string root)
{
    /// <summary>The cache key: a hash of every option the warm start depends on.</summary>
    public static string Key(RunOptions options)
    {
        // The task contributes its own part (TaskOptions.WarmStartKey), serialized as its runtime type.
        // A pretrained policy's folder contributes its files' names, sizes and times: new weights at the same path are a new warm start.
        // The seed is the warm start's own (warmStart.seed, else the run's), written where the run seed was, so a run of
        // seed 2 with warmStart.seed = 1 loads the warm start a run of seed 1 cached, and keys without it did not change.
        // The small policy contributes the shape fields it had before pretrained decoders existed, so its keys (and the
        // warm starts cached under them) did not change when PolicyOptions grew.
        object inputs = options.Policy.IsPretrained
            ? new { Task = options.Task.Name, TaskKey = options.Task.WarmStartKey(), options.Policy, WarmStart = WarmStartKey(options.WarmStart), options.Rollout.MaxResponseLength, Seed = options.WarmStart.SeedFor(options.Seed), Model = ModelFingerprint(options.Policy) }
            : new { Task = options.Task.Name, TaskKey = options.Task.WarmStartKey(), Policy = SmallPolicyKey(options.Policy), WarmStart = WarmStartKey(options.WarmStart), options.Rollout.MaxResponseLength, Seed = options.WarmStart.SeedFor(options.Seed) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(inputs, RlvrJson.Compact);
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }

    /// <summary>Loads the cached warm start into <paramref name="policy"/>; returns its final loss, or null on a miss.</summary>
    public double? TryLoad(RunOptions options, CausalPolicy policy)
    {
        if (Store(options).Latest() is not { } entry)
        {
            return null;
        }

        policy.load(entry.File(RunCheckpoint.ModelFile));
        return JsonSerializer.Deserialize<double>(File.ReadAllText(entry.File("loss.json")), RlvrJson.Options);
    }

    /// <summary>
    /// Takes the key's lock: an operating-system lock on <c>KEY.lock</c>, held until disposed and released by the
    /// kernel if the holder dies, so a crashed silo never leaves it stuck. Waits while another thread or process
    /// holds it, calling <paramref name="waiting"/> about once a second.
    /// </summary>
    public IDisposable Acquire(RunOptions options, Action? waiting = null)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, Key(options) + ".lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                waiting?.Invoke();
                Thread.Sleep(TimeSpan.FromSeconds(1));
            }
        }
    }

    public void Save(RunOptions options, CausalPolicy policy, double loss) =>
        Store(options).Save(0, directory =>
        {
            policy.save(Path.Combine(directory, RunCheckpoint.ModelFile));
            File.WriteAllText(Path.Combine(directory, "loss.json"), JsonSerializer.Serialize(loss, RlvrJson.Options));
        });

    /// <summary>Where a warm start of these options keeps its snapshots while it trains under the key's lock.</summary>
    public string SnapshotDirectory(RunOptions options) => Path.Combine(root, Key(options) + ".snapshot");

    private CheckpointStore Store(RunOptions options) => new(Path.Combine(root, Key(options)), keep: 1);

    private static string? ModelFingerprint(PolicyOptions policy) => !policy.IsPretrained || !Directory.Exists(policy.Model)
        ? null
        : string.Join(";", Directory.EnumerateFiles(policy.Model).Order(StringComparer.Ordinal).Select(f => new FileInfo(f))
            .Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));

    // The warm-start section as it was serialized before it had a seed (the seed is keyed separately above).
    private static object WarmStartKey(WarmStartOptions warmStart) => new { warmStart.Steps, warmStart.BatchSize, warmStart.LearningRate };

    private static object SmallPolicyKey(PolicyOptions policy) =>
        new { policy.Width, policy.Depth, policy.Heads, policy.ContextLength, policy.MlpRatio };
}
