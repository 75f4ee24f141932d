using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tests.Tasks;

public sealed class CountdownTaskTests
{
    private const int M = 160;
    private readonly CountdownTask _task = new(new CountdownOptions(), M);

    [Fact]
    public void Problems_AreSolvable_AndDeterministic()
    {
        var prompts = _task.Prompts(TaskSplit.Train, 0, 300);
        Assert.Equal(prompts.Select(p => p.Text), new CountdownTask(new CountdownOptions(), M).Prompts(TaskSplit.Train, 0, 300).Select(p => p.Text));
        foreach (var prompt in prompts)
        {
            Assert.InRange(prompt.Numbers.Count, 3, 4);
            var solution = CountdownChain.All(prompt.Numbers, "+-*").First(c => c.Value == prompt.Target);
            Assert.Equal(1.0, _task.Reward(prompt, "#" + solution.Expression()));
        }
    }

    [Fact]
    public void TrainAndTest_ShareNoProblem()
    {
        static string Key(TaskPrompt p) => $"{string.Join(',', p.Numbers.Order())}>{p.Target}";
        var train = _task.Prompts(TaskSplit.Train, 0, 4000).Select(Key).ToHashSet();
        var test = _task.Prompts(TaskSplit.Test, 0, 1000).Select(Key).ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.True(test.Count > 300, $"the test split should hold many distinct problems, got {test.Count}");
    }

    [Fact]
    public void TeacherTraces_FitM_AndAreRightOnlySometimes()
    {
        var random = new Random(1);
        var prompts = _task.Prompts(TaskSplit.Train, 0, 2000);
        var correct = 0;
        foreach (var prompt in prompts)
        {
            var trace = _task.TeacherResponse(prompt, random);
            Assert.True(_task.Tokenizer.Encode(trace).Length + 1 <= M, $"trace of {trace.Length} tokens + EOS exceeds M");
            correct += _task.Reward(prompt, trace) == 1.0 ? 1 : 0;
        }

        // A random search with a budget: right often enough to imitate, wrong often enough to leave RL room.
        Assert.InRange(correct / 2000.0, 0.25, 0.75);
    }

    [Fact]
    public void TeacherLengths_VaryAtLeastFourfoldWithinAGroupOfEight()
    {
        var random = new Random(2);
        var ratios = _task.Prompts(TaskSplit.Train, 0, 300).Select(prompt =>
        {
            var lengths = Enumerable.Range(0, 8).Select(_ => _task.TeacherResponse(prompt, random).Length + 1).ToArray();
            return (double)lengths.Max() / lengths.Min();
        }).Order().ToArray();

        Assert.True(ratios[ratios.Length / 2] >= 4.0, $"median within-group max/min length ratio {ratios[ratios.Length / 2]:F2}");
    }

    [Fact]
    public void Tokenizer_RoundTripsPromptsAndTraces_AndNamesUnknownCharacters()
    {
        var prompt = _task.Prompts(TaskSplit.Test, 0, 1)[0];
        var trace = _task.TeacherResponse(prompt, new Random(4));
        var ids = _task.Tokenizer.Encode(prompt.Text + trace);
        Assert.Equal(prompt.Text + trace, _task.Tokenizer.Decode([_task.Tokenizer.BosId, .. ids, _task.Tokenizer.EosId, _task.Tokenizer.PadId]));

        var error = Assert.Throws<ArgumentException>(() => _task.Tokenizer.Encode("7x3"));
        Assert.Contains("'x' at position 1", error.Message);
    }

    [Theory]
    [InlineData(nameof(CountdownOptions.MinNumbers), 1)]
    [InlineData(nameof(CountdownOptions.TeacherErrorRate), 1.5)]
    [InlineData(nameof(CountdownOptions.TestFraction), 0.9)]
    [InlineData(nameof(CountdownOptions.MaxAttempts), 0)]
    public void Options_OutOfRange_AreRefusedNamingTheField(string field, double value)
    {
        var options = field switch
        {
            nameof(CountdownOptions.MinNumbers) => new CountdownOptions { MinNumbers = (int)value },
            nameof(CountdownOptions.TeacherErrorRate) => new CountdownOptions { TeacherErrorRate = value },
            nameof(CountdownOptions.MaxAttempts) => new CountdownOptions { MaxAttempts = (int)value },
            _ => new CountdownOptions { TestFraction = value },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());
        Assert.Equal("task." + char.ToLowerInvariant(field[0]) + field[1..], error.ParamName);
    }
}

public sealed class CountdownDistinctProblemsTests
{
    private static string Key(TaskPrompt p) => $"{string.Join(',', p.Numbers.Order())}>{p.Target}";

    [Fact]
    public void DistinctPrompts_ListEveryProblemOnce_InOneSplitOnly_AndCoverTheStreams()
    {
        // The old reference space: 3 numbers in 1–5, + − ×, targets ≤ 30 has 299 distinct problems (a Python
        // enumeration of the same chains gives the same count).
        var task = new CountdownTask(new CountdownOptions { MaxNumbers = 3, MaxOperand = 5, MaxTarget = 30 }, 160);

        var train = task.DistinctPrompts(TaskSplit.Train);
        var test = task.DistinctPrompts(TaskSplit.Test);

        Assert.Equal(299, train.Count + test.Count);
        Assert.Equal(train.Count, train.Select(Key).Distinct().Count());
        Assert.Equal(test.Count, test.Select(Key).Distinct().Count());
        Assert.Empty(train.Select(Key).Intersect(test.Select(Key)));
        Assert.Subset(test.Select(Key).ToHashSet(), task.Prompts(TaskSplit.Test, 0, 2000).Select(Key).ToHashSet());
        Assert.All(test, p => Assert.Equal(1.0, task.Reward(p, "#" + CountdownChain.All(p.Numbers, "+-*").First(c => c.Value == p.Target).Expression())));
    }

    [Fact]
    public void DistinctPrompts_OfASpaceTooLargeToList_SayHowToEvaluateInstead()
    {
        var task = new CountdownTask(new CountdownOptions { MinNumbers = 6, MaxNumbers = 6, MaxOperand = 999, MaxTarget = 99_999, Operators = "+-*/" }, 160);

        var error = Assert.Throws<InvalidOperationException>(() => task.DistinctPrompts(TaskSplit.Test));

        Assert.Contains("evaluation.prompts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TeacherHazard_MakesTheTeacherStopAfterMisses_WhichThePatientTeacherNeverDoes()
    {
        var (hasty, patient) = HazardTeachers.Create();
        var prompts = hasty.Prompts(TaskSplit.Train, 0, 400);

        double Accuracy(CountdownTask task)
        {
            var random = new Random(3);
            return prompts.Average(p => task.Reward(p, task.TeacherResponse(p, random)) >= 1 ? 1.0 : 0.0);
        }

        var hastyAccuracy = Accuracy(hasty);
        var patientAccuracy = Accuracy(patient);
        Assert.True(patientAccuracy > 0.85, $"a teacher that never gives up should solve most problems: {patientAccuracy:P1}");
        Assert.True(hastyAccuracy < patientAccuracy - 0.25, $"hazard 0.5: {hastyAccuracy:P1} against {patientAccuracy:P1} without it");
        Assert.Equal(0, patient.Options.TeacherHazard);
    }

    [Fact]
    public void TeacherGuessRate_MakesThatShareOfResponsesAnswerTheirFirstAttempt_WhileThePatientTeacherSearches()
    {
        var options = new CountdownOptions { MaxNumbers = 3, MaxOperand = 15, MaxTarget = 40, Operators = "+-", TeacherErrorRate = 0, MaxAttempts = 64, TeacherGuessRate = 0.6 };
        var guessing = new CountdownTask(options, 192);
        var patient = new CountdownTask((CountdownOptions)options.PatientTeacher(), 192);
        var prompts = guessing.Prompts(TaskSplit.Train, 0, 600);

        // Among responses whose first attempt misses, the share that stop there anyway (declaring the miss found).
        double GuessShare(CountdownTask task)
        {
            var random = new Random(5);
            var firstMisses = prompts.Select(p => (Prompt: p, Trace: CountdownTrace.Parse(task.TeacherResponse(p, random))))
                .Where(r => r.Trace.Attempts.Count > 1 || !r.Trace.ShowsTarget(r.Prompt.Target))
                .ToArray();
            return firstMisses.Average(r => r.Trace.Attempts.Count == 1 ? 1.0 : 0.0);
        }

        Assert.InRange(GuessShare(guessing), 0.52, 0.68);
        Assert.Equal(0.0, GuessShare(patient));
        Assert.Equal(0, patient.Options.TeacherGuessRate);
    }

    [Fact]
    public void TeacherGuessRate_OutsideItsRange_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CountdownOptions { TeacherGuessRate = -0.1 }.Validate());

        Assert.Equal("task.teacherGuessRate", error.ParamName);
    }

    [Fact]
    public void TeacherHazard_OutsideItsRange_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CountdownOptions { TeacherHazard = 1.0 }.Validate());

        Assert.Equal("task.teacherHazard", error.ParamName);
    }
}

public sealed class CountdownTraceDiagnosticsTests
{
    [Fact]
    public void Diagnose_CountsWrongArithmetic_AndFoundDeclaredOnAMiss()
    {
        var prompt = new TaskPrompt("t", "2 1 1>2:", [2, 1, 1], 2);

        // Steps: 1+1=3 (wrong), 3+2=5, 1+1=2, 2+1=3 → 3 of 4 right; declared found at 3, not the target 2.
        var d = CountdownTraceDiagnostics.Diagnose([(prompt, "1+1=3,3+2=5!1+1=2,2+1=3.#(1+1)+2"), (prompt, "2-1=1,1+1=2.#(2-1)+1")]);

        Assert.Equal(5.0 / 6, d[CountdownTraceDiagnostics.StepAccuracy], 12);
        Assert.Equal(0.5, d[CountdownTraceDiagnostics.FalseFound], 12);
        Assert.Equal(1.5, d[CountdownTraceDiagnostics.Attempts], 12);
    }

    [Fact]
    public void Diagnose_TeacherTraces_AreAlwaysRight_AndOnlyTheHastyTeacherDeclaresMisses()
    {
        var (hasty, patient) = HazardTeachers.Create();
        var prompts = hasty.Prompts(TaskSplit.Train, 0, 300);

        IReadOnlyDictionary<string, double> Of(CountdownTask task)
        {
            var random = new Random(2);
            return task.Diagnose(prompts.Select(p => (p, task.TeacherResponse(p, random))).ToArray());
        }

        var hastyStats = Of(hasty);
        var patientStats = Of(patient);
        Assert.Equal(1.0, hastyStats[CountdownTraceDiagnostics.StepAccuracy]);
        Assert.Equal(1.0, patientStats[CountdownTraceDiagnostics.StepAccuracy]);
        Assert.True(hastyStats[CountdownTraceDiagnostics.FalseFound] > 0.25, $"hasty: {hastyStats[CountdownTraceDiagnostics.FalseFound]:P1}");
        Assert.True(patientStats[CountdownTraceDiagnostics.FalseFound] < 0.1, $"patient: {patientStats[CountdownTraceDiagnostics.FalseFound]:P1}");
    }
}

public sealed class CountdownVerifyTraceTests
{
    private static readonly TaskPrompt Prompt = new("t", "2 1 1>2:", [2, 1, 1], 2);

    [Theory]
    [InlineData("2-1=1,1+1=2.#(2-1)+1", 1.0, 1.0)]     // the found attempt shows the target: right either way
    [InlineData("2+1=3,3+1=4.#(2-1)+1", 1.0, 0.0)]     // a right answer after declaring found at 4
    [InlineData("2-1=1,1+1=3!2-1=1,1*1=2.#(2-1)*1", 0.0, 0.0)]  // wrong answer: 0 either way
    [InlineData("2-1=2,2*1=2.#(2-1)+1", 1.0, 0.0)]     // shows the target, but 2-1=2 is wrong arithmetic
    [InlineData("#(2-1)+1", 1.0, 0.0)]                  // no trace at all
    public void VerifyTrace_RewardsARightAnswerOnlyWhenTheFoundAttemptShowsTheTarget(string response, double plain, double verified)
    {
        var options = new CountdownOptions { MaxNumbers = 3 };

        Assert.Equal(plain, new CountdownTask(options, 64).Reward(Prompt, response));
        Assert.Equal(verified, new CountdownTask(options with { VerifyTrace = true }, 64).Reward(Prompt, response));
    }

    private static string Key(CountdownOptions options) => System.Text.Json.JsonSerializer.Serialize(options.WarmStartKey(), RlvrJson.Compact);

    [Fact]
    public void VerifyTrace_DoesNotChangeTheWarmStartKey_OrTheTeachersAccuracy()
    {
        var options = new CountdownOptions { MaxNumbers = 3, MaxOperand = 9, MaxTarget = 20, Operators = "+-", TeacherErrorRate = 0, TeacherHazard = 0.3 };
        var plain = new CountdownTask(options, 96);
        var verified = new CountdownTask(options with { VerifyTrace = true }, 96);
        var prompts = plain.Prompts(TaskSplit.Train, 0, 200);

        double Accuracy(CountdownTask task)
        {
            var random = new Random(4);
            return prompts.Average(p => task.Reward(p, task.TeacherResponse(p, random)));
        }

        Assert.Equal(Key(options), Key(options with { VerifyTrace = true }));
        Assert.Equal(Accuracy(plain), Accuracy(verified));
    }
}

/// <summary>The hazard-0.5 teacher of a 3-number, 1–15, + − task, and the same task's patient teacher (no early stops).</summary>
internal static class HazardTeachers
{
    public static (CountdownTask Hasty, CountdownTask Patient) Create()
    {
        var options = new CountdownOptions { MaxNumbers = 3, MaxOperand = 15, MaxTarget = 40, Operators = "+-", TeacherErrorRate = 0, MaxAttempts = 64, TeacherHazard = 0.5 };
        return (new CountdownTask(options, 128), new CountdownTask((CountdownOptions)options.PatientTeacher(), 128));
    }
}
