using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks.Countdown;
using Orleans.Rlvr.Training.Variance;
using Orleans.Rlvr.Runs;

namespace Orleans.Rlvr.Training.Tests.Variance;

public sealed class VarianceOptionsTests
{
    public static TheoryData<string, VarianceOptions, string> BadOptions => new()
    {
        { "samples", new VarianceOptions { Samples = 3 }, "[16, " },
        { "batches", new VarianceOptions { Batches = 1 }, "[2, " },
        { "batchGroups", new VarianceOptions { BatchGroups = 0 }, "[1, 4096]" },
        { "bootstrapResamples", new VarianceOptions { BootstrapResamples = 50 }, "[200, " },
        { "confidenceLevel", new VarianceOptions { ConfidenceLevel = 1.5 }, "[0.5, 0.999]" },
        { "alphas[1]", new VarianceOptions { Alphas = [0.5, 1.25] }, "[0, 1]" },
        { "alphas[0]", new VarianceOptions { Alphas = [double.NaN] }, "[0, 1]" },
        { "alphas", new VarianceOptions { Alphas = [] }, "at least one" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_NamesTheFieldAndItsRange(string field, VarianceOptions options, string range)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());

        Assert.Equal(field, error.ParamName);
        Assert.Contains(field, error.Message);
        Assert.Contains(range, error.Message);
    }

    [Fact]
    public void Validate_AcceptsTheDefaults()
    {
        var options = new VarianceOptions();
        Assert.Same(options, options.Validate());
    }

    [Fact]
    public void ValidateFor_RefusesFewerSamplesThanTwoGroupsOfTheRun()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new VarianceOptions { Samples = 20 }.ValidateFor(new RunOptions { Task = new CountdownOptions(), Rollout = new RolloutOptions { GroupSize = 16 } }));

        Assert.Equal("samples", error.ParamName);
        Assert.Contains("at least 2·groupSize = 32", error.Message);
    }
}
