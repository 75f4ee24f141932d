namespace Orleans.Rlvr.Training.Tasks;

/// <summary>
/// A task with verifiable rewards: a seeded prompt source with disjoint train and test splits, a tokenizer,
/// a verifier, and a (noisy) teacher whose traces the supervised warm start imitates.
/// </summary>
public interface IRlvrTask
{
    /// <summary>The registry name, e.g. <c>countdown</c>.</summary>
    string Name { get; }

    /// <summary>The tokenizer for prompts and responses.</summary>
    ITokenizer Tokenizer { get; }

    /// <summary>
    /// The prompts of a split, deterministic for a given task configuration (seeded); train and test never share a
    /// problem. <paramref name="count"/> prompts starting at <paramref name="offset"/> of the split's infinite stream.
    /// </summary>
    IReadOnlyList<TaskPrompt> Prompts(TaskSplit split, int offset, int count);

    /// <summary>
    /// Every distinct problem of a split exactly once, in a fixed order (the held-out evaluation with
    /// <c>evaluation.prompts = 0</c>); throws <see cref="InvalidOperationException"/> naming the task's settings when
    /// the split is too large to list.
    /// </summary>
    IReadOnlyList<TaskPrompt> DistinctPrompts(TaskSplit split);

    /// <summary>The verifier: the reward of a decoded response to a prompt.</summary>
    double Reward(TaskPrompt prompt, string response);

    /// <summary>A teacher response (search trace ending in an answer) for a prompt; noisy: it sometimes ends wrong.</summary>
    string TeacherResponse(TaskPrompt prompt, Random random);
}
