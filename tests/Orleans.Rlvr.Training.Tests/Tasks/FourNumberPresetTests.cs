using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Checkpoints;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Tests.Tasks;

/// <summary>
/// What the four-number presets are for, measured on their teachers as <c>rlvr task-stats</c> does. Both: ≥ 1,500
/// distinct problems, a teacher right less than half the time, one that never stops early right about 80% of the time
/// within M, prompt and response within the context. <c>spread</c>: groups ≥ 4× in length from one-attempt guesses.
/// <c>reference</c> (the long-tail regime): a teacher that gives up after misses, at most 250 RL steps from one warm
/// start shared by every run seed.
/// </summary>
public sealed class FourNumberPresetTests
{
    private static (RunOptions Options, LengthDistribution Lengths, double Teacher, double Ceiling) Measure(string preset)
    {
        var options = TrainingPresets.Get(preset);
        var task = RlvrTasks.Create(options);
        var patient = RlvrTasks.Create(options with { Task = options.Task.PatientTeacher() });
        var (lengths, teacher) = LengthDistribution.OfTeacher(task, 300, 8, seed: 1);
        var (_, ceiling) = LengthDistribution.OfTeacher(patient, 300, 8, seed: 1);

        Assert.True(task.DistinctPrompts(TaskSplit.Train).Count >= 1500);
        Assert.True(ceiling >= 0.78, $"never stopping early: {ceiling:P1}");
        Assert.True(options.Policy.ContextLength >= options.Rollout.MaxResponseLength + 16, "prompt and response fit the context");
        return (options, lengths, teacher, ceiling);
    }

    [Fact]
    public void SpreadPreset_TeacherGroupsSpanFourTimesInLength_WithRoomForRlToWinByNotGuessing()
    {
        var (_, lengths, teacher, _) = Measure("spread");

        Assert.True(lengths.MedianGroupRatio >= 4, $"median group max/min {lengths.MedianGroupRatio:F2}");
        Assert.InRange(teacher, 0.3, 0.5);
    }

    [Fact]
    public void ReferencePreset_TeacherGivesUpTooEarly_LeavingRlRoomToWinByNotGivingUp()
    {
        var (options, lengths, teacher, ceiling) = Measure("reference");

        Assert.InRange(teacher, 0.4, 0.5);
        Assert.True(ceiling - teacher >= 0.25, $"RL's headroom over the teacher: {ceiling - teacher:P1}");
        Assert.True(lengths.MedianGroupRatio >= 3.5, $"median group max/min {lengths.MedianGroupRatio:F2}");
        Assert.InRange(options.Steps, 1, 250);
    }

    [Fact]
    public void ReferencePreset_EveryRunSeed_StartsFromOneWarmStart()
    {
        var options = TrainingPresets.Get("reference");

        Assert.Equal(WarmStartCache.Key(options with { Seed = 1 }), WarmStartCache.Key(options with { Seed = 7 }));
        Assert.NotEqual(WarmStartCache.Key(options), WarmStartCache.Key(TrainingPresets.Get("spread")));

        // The key the published warm start was trained and cached under (runs/warm-start/2798bb65885efccb, 2026-12-02, as
        // `--preset spread --set task.teacherGuessRate=0 --set task.teacherHazard=0.25`): about 70 minutes of one core
        // that an edit to the preset must not silently retrain.
        Assert.Equal("2798bb65885efccb", WarmStartCache.Key(options));
    }
}
