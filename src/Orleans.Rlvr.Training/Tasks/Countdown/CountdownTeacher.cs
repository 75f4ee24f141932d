using System.Text;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// The noisy teacher: a search trace of k failed attempts (k uniform in [0, maxFailedAttempts], fewer if the
/// trace would not fit M), each "steps!" , then a final attempt "steps." and the answer "#expression". With
/// probability <c>teacherErrorRate</c> the final attempt misses the target (the trace still ends confidently).
/// </summary>
public sealed class CountdownTeacher(CountdownOptions options, int maxResponseLength)
{
    public const char Failed = '!';
    public const char Found = '.';

    public string Respond(TaskPrompt prompt, Random random)
    {
        var chains = CountdownChain.All(prompt.Numbers).ToArray();
        var solutions = chains.Where(c => c.Value == prompt.Target).ToArray();
        var misses = chains.Where(c => c.Value != prompt.Target).ToArray();
        var wrong = misses.Length > 0 && (solutions.Length == 0 || random.NextDouble() < options.TeacherErrorRate);
        var final = wrong ? misses[random.Next(misses.Length)] : solutions[random.Next(solutions.Length)];
        var ending = $"{final.StepsText()}{Found}{CountdownVerifier.AnswerMarker}{final.Expression()}";

        var trace = new StringBuilder();
        var failedAttempts = misses.Length == 0 ? 0 : random.Next(options.MaxFailedAttempts + 1);
        for (var k = 0; k < failedAttempts; k++)
        {
            var attempt = misses[random.Next(misses.Length)].StepsText() + Failed;
            if (trace.Length + attempt.Length + ending.Length + 1 > maxResponseLength)   // + 1 for EOS
            {
                break;
            }

            trace.Append(attempt);
        }

        return trace.Append(ending).ToString();
    }
}
