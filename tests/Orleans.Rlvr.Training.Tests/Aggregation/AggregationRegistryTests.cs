using System.Text.Json;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Sweeps;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Training.Tests.Aggregation;

/// <summary>What every registry entry promises its callers, checked for every entry (a new aggregation included).</summary>
public sealed class AggregationRegistryTests
{
    public static TheoryData<string> Names => [.. LossAggregations.Names];

    [Fact]
    public void EveryAcceptedName_BelongsToExactlyOneAggregation()
    {
        var names = LossAggregations.All.SelectMany(d => d.Names).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(LossAggregations.All, d => Assert.Same(d, LossAggregations.Get(d.VerlAlias ?? d.Name)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Factory_BuildsTheNamedAggregation_UsingAlphaExactlyWhenItTakesOne(string name)
    {
        var descriptor = LossAggregations.Get(name);
        var scope = AggregationScope.Create([3, 0, 17, 40, 96], maxLength: 96);

        var atHalf = descriptor.Create(0.5);
        var atOne = descriptor.Create(1.0);

        Assert.Equal(name, atHalf.Name);
        Assert.Equal(descriptor.TakesAlpha, !atHalf.Weights(scope).SequenceEqual(atOne.Weights(scope)));
        Assert.Equal(descriptor.TakesAlpha, descriptor.Label(0.5) != descriptor.Label(1.0));
        Assert.Equal(descriptor.TakesAlpha ? 0.5 : (double?)null, descriptor.ReportedAlpha(0.5));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void AdaptiveAggregations_CheckpointTheirStateThroughTheRunJson(string name)
    {
        var descriptor = LossAggregations.Get(name);
        var aggregation = descriptor.Factory(new AggregationOptions { Aggregator = name }, 1);

        Assert.Equal(descriptor.IsAdaptive, aggregation is IAdaptiveAggregation);
        if (aggregation is IAdaptiveAggregation adaptive)
        {
            Assert.IsType(descriptor.StateType!, adaptive.State);
            var json = JsonSerializer.Serialize(adaptive.State, RlvrJson.Options);
            var state = JsonSerializer.Deserialize<AggregationState>(json, RlvrJson.Options)!;
            Assert.IsType(descriptor.StateType!, state);
            adaptive.Restore(state);
        }
    }

    [Fact]
    public void Sweep_ExpandsAdvantageEstimatorsAsADimension_TheDrGrpoArmIncluded()
    {
        var runs = SweepPlan.Expand("s", new SweepSpec { Aggregators = ["dr-grpo", "delta-l"], Alphas = [1.0], Advantages = ["grpo", "dr-grpo"], Seeds = [1] });

        Assert.Equal(["s/dr-grpo-s1", "s/dr-grpo-adv-dr-grpo-s1", "s/delta-l-a1-s1", "s/delta-l-a1-adv-dr-grpo-s1"], runs.Select(r => r.RunId));
        Assert.Equal(["grpo", "dr-grpo", "grpo", "dr-grpo"], runs.Select(r => r.Options.Aggregation.Advantages));
        Assert.Equal(["dr-grpo", "dr-grpo-adv-dr-grpo", "delta-l-a1", "delta-l-a1-adv-dr-grpo"], runs.Select(r => r.Label));
        var error = Assert.Throws<ArgumentException>(() => SweepPlan.Expand("s", new SweepSpec { Advantages = ["rloo"] }));
        Assert.Contains("advantages", error.Message, StringComparison.Ordinal);
    }
}
