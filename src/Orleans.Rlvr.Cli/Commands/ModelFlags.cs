using System.CommandLine;
using Orleans.Rlvr.Training.Models;
using Orleans.Rlvr.Training.Tasks.CountdownText;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// <c>--model DIR</c> and <c>--prompt-template auto|none|FILE</c> of <c>train</c> and <c>sweep</c>: shorthands for
/// <c>--set policy.model=DIR</c> and <c>--set policy.promptTemplate=...</c>, with paths made absolute (every silo reads
/// them) and the folder checked before anything starts. With a model the default task is <c>countdown-text</c>
/// (unless <c>--task</c> or a sweep spec file names one).
/// </summary>
public sealed class ModelFlags
{
    public const string DefaultTask = CountdownTextTask.TaskName;

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "A Hugging Face model folder (Qwen2/Qwen2.5 or Llama: config.json, safetensors, tokenizer.json) to train instead of the small policy; docs/llm.md.",
    };

    public Option<string?> PromptTemplate { get; } = new("--prompt-template")
    {
        Description = "How the model's prompts are wrapped: auto (its chat format), none, or a file containing {prompt}.",
    };

    public IEnumerable<Option> All => [Model, PromptTemplate];

    /// <summary>The <c>path=value</c> overrides the two flags stand for.</summary>
    public IReadOnlyList<string> Overrides(ParseResult parse)
    {
        var overrides = new List<string>();
        if (parse.GetValue(Model) is { } model)
        {
            var folder = Path.GetFullPath(model);
            if (!File.Exists(Path.Combine(folder, HfModelFolder.ConfigFile)))
            {
                throw new UsageException($"--model: '{model}' is not a Hugging Face model folder (no {HfModelFolder.ConfigFile}).");
            }

            overrides.Add($"policy.model={folder}");
        }

        if (parse.GetValue(PromptTemplate) is { } template)
        {
            if (parse.GetValue(Model) is null)
            {
                throw new UsageException("--prompt-template: only a pretrained model (--model) has a prompt template.");
            }

            var keyword = template.ToLowerInvariant() is "auto" or "none";
            var value = keyword ? template.ToLowerInvariant() : Path.GetFullPath(template);
            if (!keyword && !File.Exists(value))
            {
                throw new UsageException($"--prompt-template: '{template}' is neither auto, none nor an existing file.");
            }

            overrides.Add($"policy.promptTemplate={value}");
        }

        return overrides;
    }

    /// <summary>The task: the flag's, else countdown-text with a model, else <paramref name="fallback"/>.</summary>
    public string? Task(ParseResult parse, string? task, string? fallback) =>
        task ?? (parse.GetValue(Model) is not null ? DefaultTask : fallback);
}
