using CsCheck;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Aggregation;
using Orleans.Rlvr.Training.Loss;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Tests.Aggregation;

/// <summary>
/// Property tests over every fixed aggregation (α ∈ {0, 0.5, 1} where it takes α), batch and group scope: random
/// shapes, lengths (zero included: a response whose tokens are all excluded), M, and token losses with NaN and ±∞ in
/// the masked slots. The weights, the loss and its gradient are always finite, and masked slots get zero gradient.
/// CsCheck prints the seed of a failing case, so it replays.
/// </summary>
public sealed class AggregationFuzzTests
{
    private static readonly IReadOnlyList<ILossAggregation> Aggregations = LossAggregations.CreateAll(LossAggregations.FixedNames, [0.0, 0.5, 1.0]);

    private sealed record Case(int Rows, int Width, int[] Lengths, int MaxLength, double[] Losses, double[] Junk, int[] Groups)
    {
        public override string ToString() => $"n={Rows} T={Width} M={MaxLength} L=[{string.Join(",", Lengths)}] groups=[{string.Join(",", Groups)}]";
    }

    private static readonly Gen<Case> Cases =
        from rows in Gen.Int[1, 8]
        from width in Gen.Int[1, 12]
        from lengths in Gen.Int[0, width].Array[rows]
        from extra in Gen.Int[0, 6]
        from losses in Gen.Double[-50, 50].Array[rows * width]
        from junk in Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, 0.0).Array[rows * width]
        from groups in Gen.Int[0, 2].Array[rows]
        where lengths.Any(l => l > 0)
        select new Case(rows, width, lengths, Math.Max(1, lengths.Max()) + extra, losses, junk, groups);

    [Fact]
    public void AnyBatch_GivesFiniteWeightsLossAndGradient_AndNoGradientInMaskedSlots() =>
        Cases.Sample(c =>
        {
            using var scope = NewDisposeScope();
            var values = new double[c.Rows * c.Width];
            var mask = new double[c.Rows * c.Width];
            for (var i = 0; i < c.Rows; i++)
            {
                for (var t = 0; t < c.Width; t++)
                {
                    var counted = t < c.Lengths[i];
                    mask[i * c.Width + t] = counted ? 1 : 0;
                    values[i * c.Width + t] = counted ? c.Losses[i * c.Width + t] : c.Junk[i * c.Width + t];
                }
            }

            foreach (var aggregation in Aggregations)
            {
                foreach (var kind in new[] { ScopeKind.Batch, ScopeKind.Group })
                {
                    var weights = SequenceWeights.Compute(aggregation, c.Lengths, c.MaxLength, kind, c.Groups);
                    Assert.True(weights.All(double.IsFinite), $"{aggregation.Name} α={aggregation.Alpha} {kind}: weights [{string.Join(", ", weights)}] for {c}");

                    var tokenLoss = tensor(values, [c.Rows, c.Width], ScalarType.Float64).requires_grad_(true);
                    var loss = AggregatedLoss.Compute(tokenLoss, tensor(mask, [c.Rows, c.Width], ScalarType.Float64), tensor(weights, ScalarType.Float64));
                    loss.backward();
                    var gradient = tokenLoss.grad!.data<double>().ToArray();

                    Assert.True(double.IsFinite(loss.item<double>()), $"{aggregation.Name} α={aggregation.Alpha} {kind}: loss {loss.item<double>()} for {c}");
                    Assert.True(gradient.All(double.IsFinite), $"{aggregation.Name} α={aggregation.Alpha} {kind}: a non-finite gradient for {c}");
                    Assert.True(gradient.Where((_, k) => mask[k] == 0).All(g => g == 0), $"{aggregation.Name} α={aggregation.Alpha} {kind}: gradient in a masked slot for {c}");
                }
            }
        }, iter: 3000);
}
