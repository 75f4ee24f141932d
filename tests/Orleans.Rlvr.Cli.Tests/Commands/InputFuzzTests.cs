using System.Globalization;
using System.Text;
using CsCheck;
using Orleans.Rlvr.Cli.Commands;
using Orleans.Rlvr.Cli.Sweeps;
using Orleans.Rlvr.Training.Loss;
using Orleans.Rlvr.Training.Sweeps;

namespace Orleans.Rlvr.Cli.Tests.Commands;

/// <summary>
/// Property tests of the two files users write: loss batches (<c>rlvr loss --input</c>) and sweep specs
/// (<c>rlvr sweep --spec</c>). Whatever the bytes, the reader either returns a value the rest of the system accepts or
/// refuses with a <see cref="UsageException"/> (exit 2, a message naming the field) — never another exception, and a
/// batch it accepts never gives a non-finite loss. A few thousand cases each; CsCheck prints a failing case's seed.
/// </summary>
public sealed class InputFuzzTests
{
    private static readonly IReadOnlyList<Orleans.Rlvr.Training.Aggregation.ILossAggregation> Aggregations = LossInspection.Select(null, [0.0, 0.5, 1.0]);

    /// <summary>Numbers as a user might write them, masked-slot junk included.</summary>
    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Double[-1e3, 1e3].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[-3, 3].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.OneOf("\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e309", "-0", "0.5", "null", "true", "\"1\"", "[]"));

    private static readonly Gen<string> Row = Number.Array[0, 6].Select(values => "[" + string.Join(",", values) + "]");

    private static readonly Gen<string> Batch =
        from maxLength in Gen.OneOf(Gen.Int[-2, 12].Select(i => i.ToString(CultureInfo.InvariantCulture)), Gen.OneOf("\"8\"", "null", "1.5", "1e12"))
        from rows in Gen.OneOf(Row.Array[0, 5].Select(r => "[" + string.Join(",", r) + "]"), Gen.OneOf("null", "[]", "{}", "[null]", "3"))
        from mask in Gen.OneOf(Row.Array[0, 5].Select(r => "[" + string.Join(",", r) + "]"), Gen.OneOf("null", "[[1,1]]", "[[0]]"))
        from withMask in Gen.Bool
        from extra in Gen.OneOf("", ", \"extra\": 1", ", \"MaxLength\": 3")
        select $"{{\"maxLength\": {maxLength}, \"tokenLosses\": {rows}{(withMask ? $", \"mask\": {mask}" : "")}{extra}}}";

    private static readonly Gen<string> ValidBatch =
        from rows in Gen.Int[1, 6]
        from lengths in Gen.Int[1, 8].Array[rows]
        from extra in Gen.Int[0, 4]
        from values in Gen.Double[-20, 20].Array[rows * 8]
        from masks in Gen.Int[0, 1].Array[rows * 8]
        select $"{{\"maxLength\": {lengths.Max() + extra}, \"tokenLosses\": [{string.Join(",", Enumerable.Range(0, rows).Select(i => "[" + string.Join(",", Enumerable.Range(0, lengths[i]).Select(t => t == 0 || masks[i * 8 + t] == 1 ? values[i * 8 + t].ToString("R", CultureInfo.InvariantCulture) : "\"NaN\"")) + "]"))}], " +
               $"\"mask\": [{string.Join(",", Enumerable.Range(0, rows).Select(i => "[" + string.Join(",", Enumerable.Range(0, lengths[i]).Select(t => t == 0 ? "1" : masks[i * 8 + t].ToString(CultureInfo.InvariantCulture))) + "]"))}]}}";

    [Fact]
    public void LossBatch_AnyDocument_IsReadOrRefusedByName_AndAReadOneGivesFiniteLosses() =>
        Batch.Sample(text => AssertReadOrRefused(text), iter: 3000);

    [Fact]
    public void LossBatch_ValidDocumentsWithNaNInMaskedSlots_GiveFiniteLossesForEveryAggregation() =>
        ValidBatch.Sample(text =>
        {
            var batch = LossBatchFile.Parse(text);
            Assert.All(LossInspection.Compute(batch, Aggregations), r => Assert.True(double.IsFinite(r.Loss), $"{r.Aggregator}: loss {r.Loss} for {text}"));
        }, iter: 2000);

    [Fact]
    public void LossBatch_ValidDocumentsCorruptedByteByByte_AreReadOrRefusedByName() =>
        Gen.Select(ValidBatch, Gen.Int[0, 1000].Array[1, 4], Gen.Char["{}[],:\"0123456789.-eEaN lnu"].Array[1, 4]).Sample((text, positions, characters) =>
            AssertReadOrRefused(Corrupt(text, positions, characters)), iter: 3000);

    /// <summary>Values of every JSON type, shaped like the spec's fields and not.</summary>
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.OneOf("\"grpo\"", "\"delta-l\"", "\"dr-grpo\"", "\"smoke\"", "\"reference\"", "\"countdown\"", "\"chess\"", "\"\"", "\" \"", "\"../x\"", "\"a/b\""),
        Gen.Int[-3, 100_000].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double[-2, 2].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf("null", "true", "[]", "{}", "[1, 2]", "[-5, 0]", "[\"grpo\", \"grpo\"]", "[\"GRPO\", \"delta-l\"]", "[0.5, 1]", "[2]", "[\"NaN\"]",
            "{\"ppo.learningRate\": \"1e-4\"}", "{\"nope\": \"1\"}", "{\"ppo.learningRate\": [\"1e-4\", \"x\"]}", "{\"ppo.optimizer\": [\"adamw\", \"sgd\"]}"));

    private static readonly string[] Fields = ["name", "preset", "task", "aggregators", "alphas", "advantages", "seeds", "steps", "overrides", "vary", "maxConcurrentRuns", "Seeds", "unknown"];

    private static readonly Gen<string> Spec =
        Gen.Select(Gen.Int[0, Fields.Length - 1], Value).Array[0, 8]
            .Select(pairs => "{" + string.Join(", ", pairs.DistinctBy(p => Fields[p.Item1].ToLowerInvariant()).Select(p => $"\"{Fields[p.Item1]}\": {p.Item2}")) + "}");

    [Fact]
    public void SweepSpec_AnyDocument_IsExpandedIntoRunsOrRefusedByName() =>
        Spec.Sample(text =>
        {
            try
            {
                var spec = SweepSpecFile.Parse(text, "fuzz.json");
                var runs = SweepPlan.Expand("fuzz-1", spec);
                Assert.NotEmpty(runs);
            }
            catch (Exception e) when (e is UsageException or ArgumentException)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }, iter: 3000);

    private static void AssertReadOrRefused(string text)
    {
        LossBatch batch;
        try
        {
            batch = LossBatchFile.Parse(text);
        }
        catch (UsageException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return;
        }

        Assert.All(LossInspection.Compute(batch, Aggregations), r => Assert.True(double.IsFinite(r.Loss), $"{r.Aggregator}: loss {r.Loss} for {text}"));
    }

    private static string Corrupt(string text, int[] positions, char[] characters)
    {
        var corrupted = new StringBuilder(text);
        for (var k = 0; k < positions.Length; k++)
        {
            var at = positions[k] % (corrupted.Length + 1);
            if (k % 2 == 0 && at < corrupted.Length)
            {
                corrupted[at] = characters[k % characters.Length];
            }
            else
            {
                corrupted.Insert(at, characters[k % characters.Length]);
            }
        }

        return corrupted.ToString();
    }
}
