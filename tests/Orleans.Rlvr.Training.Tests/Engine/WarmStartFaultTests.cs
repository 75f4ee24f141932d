using System.Runtime.InteropServices;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Training.Tests.Engine;

/// <summary>
/// A warm-start step that fails with a LibTorch error (TorchSharp's temporary scalars, docs/reliability.md) goes back to
/// the last in-memory snapshot instead of step 0, and the warm start ends exactly as one that never failed.
/// </summary>
public sealed class WarmStartFaultTests
{
    private static readonly RunOptions Options = TrainingPresets.Get("smoke") with
    {
        WarmStart = new WarmStartOptions { Steps = 12, BatchSize = 8 },
    };

    private static (float[][] Weights, List<(int Step, double Loss)> Reported, List<(int Step, int ResumedFrom)> Retried) Train(Action<int>? afterUpdate)
    {
        var task = RlvrTasks.Create(Options);
        using var policy = new TransformerPolicy(Options.Policy, task.Tokenizer.VocabSize, seed: 7);
        var reported = new List<(int, double)>();
        var retried = new List<(int, int)>();
        new WarmStart(task, Options) { SnapshotEvery = 5, AfterUpdate = afterUpdate }
            .Train(policy, (step, loss) => reported.Add((step, loss)), (step, _, resumedFrom) => retried.Add((step, resumedFrom)));
        return (policy.parameters().Select(p => p.data<float>().ToArray()).ToArray(), reported, retried);
    }

    [Fact]
    public void FailedSteps_GoBackToTheLastSnapshot_AndTheWarmStartEndsBitForBitAsOneThatNeverFailed()
    {
        var clean = Train(afterUpdate: null);
        var failures = new HashSet<int>();
        var faulty = Train(step =>
        {
            // Steps 8 (after its optimizer step, so the weights have moved) and 11, each once.
            if (step is 8 or 11 && failures.Add(step))
            {
                throw new ExternalException($"injected LibTorch error at step {step}");
            }
        });

        Assert.Equal([(8, 5), (11, 10)], faulty.Retried);
        Assert.Equal(clean.Weights, faulty.Weights);
        // Steps 6 and 7 were trained (and reported) twice, with the same batches and the same losses.
        Assert.Equal(clean.Reported, faulty.Reported.DistinctBy(r => r.Step));
        Assert.Equal(14, faulty.Reported.Count);
    }

    [Fact]
    public void AStepFailingEveryTime_StopsTheWarmStartWithItsError()
    {
        var error = Assert.Throws<ExternalException>(() => Train(step =>
        {
            if (step == 3)
            {
                throw new ExternalException("injected LibTorch error at step 3");
            }
        }));

        Assert.Contains("step 3", error.Message, StringComparison.Ordinal);
    }
}
