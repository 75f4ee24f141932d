using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Tests.Tasks;

/// <summary>
/// What the <c>spread</c> preset is for, measured on its teacher (as <c>rlvr task-stats --preset spread</c> does): a group's
/// longest response at least 4× its shortest, a teacher right less than half the time, one that never guesses right 80%
/// of the time in M, and ≥ 1,500 distinct problems.
/// </summary>
public sealed class SpreadPresetTests
{
    [Fact]
    public void SpreadPreset_TeacherGroupsSpanFourTimesInLength_WithRoomForRlToWinByNotGuessing()
    {
        var options = TrainingPresets.Get("spread");
        var task = RlvrTasks.Create(options);
        var patient = RlvrTasks.Create(options with { Task = options.Task.PatientTeacher() });

        var (lengths, teacher) = LengthDistribution.OfTeacher(task, 300, 8, seed: 1);
        var (_, ceiling) = LengthDistribution.OfTeacher(patient, 300, 8, seed: 1);

        Assert.True(lengths.MedianGroupRatio >= 4, $"median group max/min {lengths.MedianGroupRatio:F2}");
        Assert.InRange(teacher, 0.3, 0.5);
        Assert.True(ceiling >= 0.78, $"never guessing: {ceiling:P1}");
        Assert.True(task.DistinctPrompts(TaskSplit.Train).Count >= 1500);
        Assert.True(options.Policy.ContextLength >= options.Rollout.MaxResponseLength + 16, "prompt and response fit the context");
    }
}
