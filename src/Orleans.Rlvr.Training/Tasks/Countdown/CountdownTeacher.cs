using System.Text;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// The noisy teacher: a random search. It tries chains in random order, writing each as "steps!" until one
/// reaches the target, which it writes as "steps." followed by the answer "#expression". It gives up when
/// <c>maxAttempts</c> run out or M would be exceeded (its last attempt becomes its answer, usually wrong), and
/// with probability <c>teacherErrorRate</c> it stops early at a random attempt; after each miss it also stops with
/// probability <c>teacherHazard</c>, declaring the missed attempt found; and with probability <c>teacherGuessRate</c> it does not
/// search at all, answering its first attempt. So it is right only sometimes, its traces
/// vary a lot in length, and a policy can beat it by searching better or by not stopping after a miss.
/// </summary>
public sealed class CountdownTeacher(CountdownOptions options, int maxResponseLength)
{
    public const char Failed = '!';
    public const char Found = '.';

    public string Respond(TaskPrompt prompt, Random random)
    {
        var chains = CountdownChain.All(prompt.Numbers, options.Operators).ToArray();
        random.Shuffle(chains);
        var stopEarlyAt = random.NextDouble() < options.TeacherErrorRate ? random.Next(1, options.MaxAttempts + 1) : int.MaxValue;
        if (options.TeacherGuessRate > 0 && random.NextDouble() < options.TeacherGuessRate)
        {
            stopEarlyAt = 1;   // a guess: the first attempt is the answer
        }

        var trace = new StringBuilder();
        for (var attempt = 1; attempt <= chains.Length; attempt++)
        {
            var chain = chains[attempt - 1];
            var answer = $"{chain.StepsText()}{Found}{CountdownVerifier.AnswerMarker}{chain.Expression()}";
            var next = attempt < chains.Length ? chains[attempt] : null;
            var nextFits = next is not null && trace.Length + chain.StepsText().Length + 1 + Final(next).Length + 1 <= maxResponseLength;
            var gaveUp = options.TeacherHazard > 0 && random.NextDouble() < options.TeacherHazard;
            if (chain.Value == prompt.Target || attempt >= stopEarlyAt || attempt >= options.MaxAttempts || !nextFits || gaveUp)
            {
                return trace.Append(answer).ToString();
            }

            trace.Append(chain.StepsText()).Append(Failed);
        }

        return trace.ToString();
    }

    private static string Final(CountdownChain chain) => $"{chain.StepsText()}{Found}{CountdownVerifier.AnswerMarker}{chain.Expression()}";
}
