namespace Orleans.Rlvr.Training.Tasks;

/// <summary>
/// A task that can say why responses fail, beyond the reward: numbers over a set of responses (e.g. how often the
/// written arithmetic is right, how often a response stops at a wrong answer), reported with each evaluation.
/// </summary>
public interface ITaskDiagnostics
{
    /// <summary>Named shares or means over <paramref name="responses"/>; names are the task's constants.</summary>
    IReadOnlyDictionary<string, double> Diagnose(IEnumerable<(TaskPrompt Prompt, string Response)> responses);
}
