using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;
using static TorchSharp.torch;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>Loads a policy by reference: a checkpoint folder, verified against its manifest, and the options saved with it.</summary>
public static class PolicyLoader
{
    /// <summary>The verified checkpoint in <paramref name="checkpointDirectory"/> (a folder written by <see cref="CheckpointStore"/>).</summary>
    public static CheckpointRef Open(string checkpointDirectory, int step)
    {
        var root = Path.GetDirectoryName(Path.GetFullPath(checkpointDirectory).TrimEnd(Path.DirectorySeparatorChar))
            ?? throw new ArgumentException($"checkpointDirectory: '{checkpointDirectory}' has no parent folder.", nameof(checkpointDirectory));
        var checkpoint = new CheckpointStore(root).At(step);
        if (!string.Equals(Path.GetFullPath(checkpoint.Directory), Path.GetFullPath(checkpointDirectory).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new ArgumentException($"checkpointDirectory: '{checkpointDirectory}' is not the checkpoint of step {step} ('{checkpoint.Directory}').", nameof(checkpointDirectory));
        }

        return checkpoint;
    }

    /// <summary>Builds the policy the checkpoint's options describe, on <paramref name="device"/>, with its saved weights, in eval mode.</summary>
    public static (CausalPolicy Policy, RunOptions Options, IRlvrTask Task) Load(CheckpointRef checkpoint, Device device)
    {
        var options = RunCheckpoint.ReadState(checkpoint).Options;
        var task = RlvrTasks.Create(options);
        var policy = Policies.Create(options, task.Tokenizer, null, device);
        try
        {
            policy.load(checkpoint.File(RunCheckpoint.ModelFile));
            policy.eval();
            return (policy, options, task);
        }
        catch
        {
            policy.Dispose();
            throw;
        }
    }
}
