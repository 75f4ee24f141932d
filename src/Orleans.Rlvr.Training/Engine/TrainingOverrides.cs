using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Applies <c>path=value</c> overrides to <see cref="RunOptions"/>: <c>ppo.learningRate=1e-4</c>,
/// <c>ppo.loss.klCoef=0.01</c>, <c>task.maxOperand=6</c>. Paths are the JSON (camelCase) names of the options, matched
/// case-insensitively; a path may be shortened to any unique ending (<c>klCoef</c>, <c>groupSize</c>), and the names of
/// the flat options of earlier versions (<see cref="Aliases"/>) still work. Values are JSON scalars (numbers,
/// true/false), bare strings, or <c>null</c>, which unsets an optional value (<c>warmStart.seed=null</c>: each run
/// seed its own warm start) and is refused by a required one.
/// </summary>
public static class TrainingOverrides
{
    /// <summary>Earlier option names that are not a unique ending of their new path, mapped to it.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["learningRate"] = "ppo.learningRate",
        ["weightDecay"] = "ppo.weightDecay",
        ["ppoEpochs"] = "ppo.epochs",
        ["evalEvery"] = "evaluation.every",
        ["evalPrompts"] = "evaluation.prompts",
        ["evalSamples"] = "evaluation.samples",
        ["checkpointEvery"] = "checkpointing.every",
        ["advantageEstimator"] = "aggregation.advantages",
        ["aggregationScope"] = "aggregation.scope",

        // verl's configuration keys (docs/options.md lists them), so a verl recipe's overrides work as they are written.
        ["data.train_batch_size"] = "rollout.promptsPerStep",
        ["data.max_response_length"] = "rollout.maxResponseLength",
        ["actor_rollout_ref.rollout.n"] = "rollout.groupSize",
        ["actor_rollout_ref.rollout.temperature"] = "rollout.temperature",
        ["actor_rollout_ref.rollout.top_p"] = "rollout.topP",
        ["actor_rollout_ref.actor.optim.lr"] = "ppo.learningRate",
        ["actor_rollout_ref.actor.optim.weight_decay"] = "ppo.weightDecay",
        ["actor_rollout_ref.actor.ppo_epochs"] = "ppo.epochs",
        ["actor_rollout_ref.actor.grad_clip"] = "ppo.gradClip",
        ["actor_rollout_ref.actor.clip_ratio_low"] = "ppo.loss.clipRatioLow",
        ["actor_rollout_ref.actor.clip_ratio_high"] = "ppo.loss.clipRatioHigh",
        ["actor_rollout_ref.actor.clip_ratio_c"] = "ppo.loss.clipRatioC",
        ["actor_rollout_ref.actor.kl_loss_coef"] = "ppo.loss.klCoef",
        ["actor_rollout_ref.actor.loss_agg_mode"] = "aggregation.aggregator",
        ["algorithm.adv_estimator"] = "aggregation.advantages",
        ["trainer.total_training_steps"] = "steps",
        ["trainer.test_freq"] = "evaluation.every",
        ["trainer.save_freq"] = "checkpointing.every",
    };

    /// <summary>Parses one <c>path=value</c> argument; a malformed one is refused naming <paramref name="field"/>.</summary>
    public static KeyValuePair<string, string> Parse(string argument, string field = "set")
    {
        var at = argument.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0 || at == argument.Length - 1)
        {
            throw new ArgumentException($"{field}: '{argument}' is not of the form path=value (e.g. ppo.learningRate=1e-4).", field);
        }

        return new(argument[..at].Trim(), argument[(at + 1)..].Trim());
    }

    /// <summary>The options with every override applied, validated; an unknown path or a value of the wrong type names the path.</summary>
    public static RunOptions Apply(RunOptions options, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var root = JsonSerializer.SerializeToNode(options, RlvrJson.Options)!.AsObject();
        var any = false;
        foreach (var (path, value) in overrides)
        {
            Set(root, Resolve(root, path, options.Task.Name), path, value);
            any = true;
        }

        if (!any)
        {
            return options;
        }

        RunOptions updated;
        try
        {
            updated = root.Deserialize<RunOptions>(RlvrJson.Options)!;
        }
        catch (JsonException e)
        {
            var field = e.Path?.TrimStart('$', '.') ?? "";
            var given = field.Split('.').Aggregate((JsonNode?)root, (node, part) => node is JsonObject o ? o[part] : null);
            var expected = JsonInput.ExpectedAt(e) is { } kind ? $"must be {kind}" : $"has the wrong type ({e.Message})";
            throw new ArgumentException($"set: '{field}' {expected} (got {given?.ToJsonString() ?? "null"}).", "set", e);
        }

        return RunOptionsValidation.Validate(updated);
    }

    /// <summary>The full path of an override: itself, an earlier name, the task's name for <c>task</c>, or a unique ending.</summary>
    private static string[] Resolve(JsonObject root, string path, string taskName)
    {
        var parts = path.Split('.');
        if (Aliases.TryGetValue(path, out var aliased))
        {
            return aliased.Split('.');
        }

        if (parts.Length > 1 && string.Equals(parts[0], taskName, StringComparison.OrdinalIgnoreCase))
        {
            parts[0] = "task";
        }

        if (Find(root, parts[0]) is not null)
        {
            return parts;
        }

        var endings = Leaves(root, "").Where(p => p.EndsWith("." + path, StringComparison.OrdinalIgnoreCase)).ToArray();
        return endings.Length switch
        {
            1 => endings[0].Split('.'),
            0 => throw new ArgumentException($"set: unknown option '{path}'; valid at the top level: {string.Join(", ", root.Select(p => p.Key))} (a unique ending such as 'klCoef' also works).", path),
            _ => throw new ArgumentException($"set: '{path}' is ambiguous; write one of: {string.Join(", ", endings)}.", path),
        };
    }

    private static void Set(JsonObject root, string[] parts, string path, string value)
    {
        var node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var key = Find(node, parts[i])
                ?? throw new ArgumentException($"set: unknown option '{path}'; valid at this level: {string.Join(", ", node.Select(p => p.Key))}.", path);
            if (i == parts.Length - 1)
            {
                if (node[key] is JsonObject)
                {
                    throw new ArgumentException($"set: '{path}' is a group of options; set one of: {string.Join(", ", node[key]!.AsObject().Select(p => p.Key))}.", path);
                }

                if (key == RlvrJson.Discriminator && node != root)
                {
                    throw new ArgumentException($"set: '{path}' names the section's type; choose a task with --task instead.", path);
                }

                node[key] = ParseValue(value);
                return;
            }

            node = node[key] as JsonObject ?? throw new ArgumentException($"set: '{string.Join('.', parts[..(i + 1)])}' has no sub-options.", path);
        }
    }

    private static string? Find(JsonObject node, string name) =>
        node.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Leaves(JsonObject node, string prefix) =>
        node.SelectMany(p => p.Value is JsonObject child
            ? Leaves(child, prefix + p.Key + ".")
            : p.Key == RlvrJson.Discriminator ? [] : [prefix + p.Key]);

    private static JsonNode? ParseValue(string value)
    {
        if (value == "null")
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number == Math.Floor(number) && Math.Abs(number) < 1e15 && !value.Contains('.', StringComparison.Ordinal) && !value.Contains('e', StringComparison.OrdinalIgnoreCase)
                ? JsonValue.Create((long)number)
                : JsonValue.Create(number);
        }

        return bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);
    }
}
