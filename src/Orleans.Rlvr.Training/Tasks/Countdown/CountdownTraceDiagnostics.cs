namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// Reads CountDown search traces ("a+b=c,c-d=e!…,x*y=z.#expr") to separate a lack of skill from a bad decision:
/// <see cref="StepAccuracy"/>, the share of written steps "a op b=c" whose c is right; <see cref="FalseFound"/>, the
/// share of responses that declared an attempt found ('.') although its last written value is not the target (the
/// decision the hazard teacher teaches, and RL can unlearn); <see cref="Attempts"/>, the mean attempts per response.
/// </summary>
public static class CountdownTraceDiagnostics
{
    public const string StepAccuracy = "countdown/step_accuracy";
    public const string FalseFound = "countdown/false_found";
    public const string Attempts = "countdown/attempts";

    public static IReadOnlyDictionary<string, double> Diagnose(IEnumerable<(TaskPrompt Prompt, string Response)> responses)
    {
        long steps = 0, correctSteps = 0, responsesSeen = 0, falseDeclared = 0, attempts = 0;
        foreach (var (prompt, response) in responses)
        {
            var trace = CountdownTrace.Parse(response);
            responsesSeen++;
            attempts += trace.Attempts.Count;
            foreach (var step in trace.Steps)
            {
                steps++;
                correctSteps += step.IsRight ? 1 : 0;
            }

            falseDeclared += trace.DeclaredFound && trace.LastValue != prompt.Target ? 1 : 0;
        }

        return new Dictionary<string, double>
        {
            [StepAccuracy] = steps > 0 ? (double)correctSteps / steps : double.NaN,
            [FalseFound] = responsesSeen > 0 ? (double)falseDeclared / responsesSeen : double.NaN,
            [Attempts] = responsesSeen > 0 ? (double)attempts / responsesSeen : double.NaN,
        };
    }
}
