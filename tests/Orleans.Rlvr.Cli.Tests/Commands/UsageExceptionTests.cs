using Orleans.Rlvr.Cli.Commands;

namespace Orleans.Rlvr.Cli.Tests.Commands;

public sealed class UsageExceptionTests
{
    [Fact]
    public void From_AnOutOfRangeValue_KeepsOnlyOurMessage()
    {
        var error = new ArgumentOutOfRangeException("rollout.groupSize", 1, "rollout.groupSize must be in [2, 1024] (got 1).");

        Assert.Equal("rollout.groupSize must be in [2, 1024] (got 1).", UsageException.From(error).Message);
    }

    [Fact]
    public void From_AnArgumentError_DropsTheParameterSuffix()
    {
        var error = new ArgumentException("task: unknown name 'sudoku'; valid: countdown.", "task");

        Assert.Equal("task: unknown name 'sudoku'; valid: countdown.", UsageException.From(error).Message);
    }
}
