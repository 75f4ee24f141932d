using System.Text.Json;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Policy;
using TorchSharp.Modules;

namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>
/// A run's checkpoint files: <c>model.bin</c> (policy parameters), <c>optimizer.bin</c> (optimizer state, e.g. AdamW's moments and step
/// counts), <c>state.json</c> (<see cref="RunState"/>: step, prompt cursor, options, metrics so far) and
/// <c>policy.safetensors</c> (the same weights for PyTorch users) — or, for a pretrained decoder, a Hugging Face folder
/// (<c>model.safetensors</c> with the input's tensor names, config and tokenizer files copied from <c>policy.model</c>)
/// that <c>from_pretrained</c> and <c>--model</c> load. Written and verified by <see cref="CheckpointStore"/>.
/// </summary>
public static class RunCheckpoint
{
    public const string ModelFile = "model.bin";
    public const string OptimizerFile = "optimizer.bin";
    public const string StateFile = "state.json";
    public const string SafetensorsFileName = "policy.safetensors";

    public static CheckpointRef Save(CheckpointStore store, RunState state, CausalPolicy policy, OptimizerHelper? optimizer) =>
        store.Save(state.Step, directory =>
        {
            policy.save(Path.Combine(directory, ModelFile));
            optimizer?.save_state_dict(Path.Combine(directory, OptimizerFile));
            File.WriteAllBytes(Path.Combine(directory, StateFile), JsonSerializer.SerializeToUtf8Bytes(state, RlvrJson.Options));
            if (policy is HfDecoder decoder)
            {
                HfModelFolder.WriteTrained(decoder, state.Options.Policy.Model, directory, Metadata(state));
            }
            else
            {
                ExportSafetensors(policy, Path.Combine(directory, SafetensorsFileName), state);
            }
        });

    /// <summary>Loads weights (and optimizer state, when both are given) and returns the run state.</summary>
    public static RunState Load(CheckpointRef checkpoint, CausalPolicy policy, OptimizerHelper? optimizer)
    {
        policy.load(checkpoint.File(ModelFile));
        if (optimizer is not null && File.Exists(checkpoint.File(OptimizerFile)))
        {
            optimizer.load_state_dict(checkpoint.File(OptimizerFile));
        }

        return ReadState(checkpoint);
    }

    /// <summary>The run state of a checkpoint, without touching any tensors.</summary>
    public static RunState ReadState(CheckpointRef checkpoint)
    {
        var path = checkpoint.File(StateFile);
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllBytes(path), RlvrJson.Options)
                ?? throw new InvalidDataException($"'{path}' holds no run state.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"'{path}' holds run state this version cannot read (written by a version before the typed run options, or damaged): {e.Message}", e);
        }
    }

    /// <summary>Writes the policy weights as safetensors, with the policy shape and step as metadata.</summary>
    public static void ExportSafetensors(CausalPolicy policy, string path, RunState state)
    {
        var metadata = Metadata(state);
        metadata["policy"] = JsonSerializer.Serialize(state.Options.Policy, RlvrJson.Compact);
        metadata["vocabSize"] = policy.VocabSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        SafetensorsFile.Write(path, policy.state_dict().Select(p => (p.Key, p.Value)), metadata);
    }

    private static Dictionary<string, string> Metadata(RunState state) => new()
    {
        ["format"] = "pt",
        ["step"] = state.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["task"] = state.Options.Task.Name,
    };
}
