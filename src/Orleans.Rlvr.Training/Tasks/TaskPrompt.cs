namespace Orleans.Rlvr.Training.Tasks;

/// <summary>One problem: its prompt text (what the policy sees) and the task's own description of it (for the verifier).</summary>
/// <param name="Id">Stable identifier within the task and split, e.g. <c>train/17</c>.</param>
/// <param name="Text">The prompt text fed to the policy.</param>
/// <param name="Numbers">The problem's operands (CountDown: the given numbers).</param>
/// <param name="Target">The value the answer must reach.</param>
public sealed record TaskPrompt(string Id, string Text, IReadOnlyList<int> Numbers, int Target);
