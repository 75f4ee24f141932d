using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tasks.Countdown;

/// <summary>
/// CountDown (cf. TinyZero's Countdown-Tasks-3to4): given 3–4 numbers and a target, reach the target using each
/// number exactly once. Prompt "7 3 2 8>24:"; response a search trace such as
/// "8-2=6,6*3=18,18+7=25!7*3=21,21+2=23,23+8=31!8-2=6,6*7=42,42/3=14.#((8-2)*7)/3" (the last answer is wrong).
/// </summary>
public sealed class CountdownTask : IRlvrTask, ITaskDiagnostics
{
    /// <summary>The registry name.</summary>
    public const string TaskName = "countdown";

    /// <summary>The registry entry: CountDown's options and its section of each preset.</summary>
    public static TaskDescriptor Descriptor { get; } = new(
        TaskName,
        typeof(CountdownOptions),
        Preset,
        (options, maxResponseLength, tokenizer) => tokenizer is null
            ? new CountdownTask((CountdownOptions)options, maxResponseLength)
            : throw new ArgumentException($"policy.model: task {TaskName} writes a compact character alphabet of its own and cannot use a model's tokenizer; use task countdown-text with a pretrained model.", "policy.model"));

    /// <summary>Every character prompts and responses use.</summary>
    public const string Alphabet = "0123456789+-*/()=,.!#>: ";

    private readonly CountdownProblems _problems;
    private readonly CountdownVerifier _verifier;
    private readonly CountdownTeacher _teacher;

    public CountdownTask(CountdownOptions options, int maxResponseLength)
    {
        options.Validate();
        Options = options;
        _problems = new CountdownProblems(options);
        _verifier = new CountdownVerifier(options.FormatReward, options.VerifyTrace);
        _teacher = new CountdownTeacher(options, maxResponseLength);
    }

    public string Name => TaskName;

    public CountdownOptions Options { get; }

    public ITokenizer Tokenizer { get; } = new CharTokenizer(Alphabet);

    public IReadOnlyList<TaskPrompt> Prompts(TaskSplit split, int offset, int count) =>
        Enumerable.Range(offset, count).Select(i => _problems.Get(split, i)).ToArray();

    public IReadOnlyList<TaskPrompt> DistinctPrompts(TaskSplit split) => _problems.Distinct(split);

    public IReadOnlyDictionary<string, double> Diagnose(IEnumerable<(TaskPrompt Prompt, string Response)> responses) =>
        CountdownTraceDiagnostics.Diagnose(responses);

    public double Reward(TaskPrompt prompt, string response) => _verifier.Reward(prompt.Numbers, prompt.Target, response);

    public string TeacherResponse(TaskPrompt prompt, Random random) => _teacher.Respond(prompt, random);

    /// <summary>CountDown's section of each preset (see <c>TrainingPresets</c>); other presets get the defaults.</summary>
    public static CountdownOptions Preset(string preset) => preset.ToLowerInvariant() switch
    {
        // 3 numbers ≤ 9, + and −, targets ≤ 20 (460 / 67 distinct problems): a teacher that searches until it finds the
        // target but gives up after each miss with probability 0.5 (47% right; never giving up: 92%), and a reward that
        // checks the trace, so RL can win by not declaring a miss found.
        "demo" or "small" => new CountdownOptions
        {
            MaxNumbers = 3, MaxOperand = 9, MaxTarget = 20, Operators = "+-",
            TeacherErrorRate = 0, MaxAttempts = 64, TeacherHazard = 0.5, VerifyTrace = true,
        },

        // The same with 3 or 4 numbers: 2,673 train / 299 test problems; the hazard teacher is right 43% of the time,
        // one that never gives up 81%.
        "mixed" => new CountdownOptions
        {
            MinNumbers = 3, MaxNumbers = 4, MaxOperand = 9, MaxTarget = 20, Operators = "+-",
            TeacherErrorRate = 0, MaxAttempts = 64, TeacherHazard = 0.5, VerifyTrace = true,
        },

        // 4 numbers ≤ 9, + and −, targets ≤ 20 (2,213 train / 232 test problems): a teacher that answers its first attempt
        // in 60% of its responses and otherwise searches until it finds the target (42% right; never guessing: 80% in
        // M = 192), so a group mixes one-attempt guesses with long searches (teacher median max/min 5.1×).
        "spread" => new CountdownOptions
        {
            MinNumbers = 4, MaxNumbers = 4, MaxOperand = 9, MaxTarget = 20, Operators = "+-",
            TeacherErrorRate = 0, MaxAttempts = 64, TeacherHazard = 0, TeacherGuessRate = 0.6, VerifyTrace = true,
        },

        // The spread preset's problems with the hazard teacher at h = 0.25: right 46% of the time, never giving up 80%
        // in M = 192; a miss is followed by another attempt 75% of the time, so groups mix one-attempt answers with long
        // searches (teacher median max/min 3.8×).
        "reference" => new CountdownOptions
        {
            MinNumbers = 4, MaxNumbers = 4, MaxOperand = 9, MaxTarget = 20, Operators = "+-",
            TeacherErrorRate = 0, MaxAttempts = 64, TeacherHazard = 0.25, VerifyTrace = true,
        },

        // 3 numbers in 1–5, + − ×, targets ≤ 30: the sweeps published before 2026-12-01 (docs/results.md).
        "quick" => new CountdownOptions { MaxNumbers = 3, MaxOperand = 5, MaxTarget = 30 },
        _ => new CountdownOptions(),
    };
}
