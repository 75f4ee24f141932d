using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Grains.Compute;

/// <summary>
/// The policy versions this silo's rollout workers sample from, loaded from the checkpoint store by reference and
/// kept (least recently used first out) so a version is read from disk once per silo, not once per prompt.
/// Use it from tensor threads only.
/// </summary>
public sealed class PolicyCache(TensorWorkQueue queue, IOptions<RlvrOptions> options, RunCatalog runs) : IDisposable
{
    private readonly int _capacity = options.Value.CachedPolicies;
    private readonly LinkedList<(string Key, LoadedPolicy Policy)> _entries = new();
    private readonly Lock _lock = new();

    /// <summary>Policy versions loaded from disk so far (a cache miss each).</summary>
    public int Loads { get; private set; }

    /// <summary>The loaded policy of <paramref name="version"/>; a checkpoint outside the checkpoint root is refused.</summary>
    public LoadedPolicy Get(PolicyVersion version)
    {
        var directory = runs.Resolve(version.CheckpointDirectory, "policy.checkpointDirectory");
        var key = $"{directory}@{version.Step}";
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    _entries.Remove(node);
                    _entries.AddFirst(node);
                    return node.Value.Policy;
                }
            }

            var checkpoint = PolicyLoader.Open(directory, version.Step);
            var (policy, runOptions, task) = PolicyLoader.Load(checkpoint, queue.Device);
            var loaded = new LoadedPolicy(policy, runOptions, task, new RolloutGenerator(policy, task.Tokenizer));
            Loads++;
            _entries.AddFirst((key, loaded));
            while (_entries.Count > _capacity)
            {
                _entries.Last!.Value.Policy.Policy.Dispose();
                _entries.RemoveLast();
            }

            return loaded;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (_, policy) in _entries)
            {
                policy.Policy.Dispose();
            }

            _entries.Clear();
        }
    }
}
