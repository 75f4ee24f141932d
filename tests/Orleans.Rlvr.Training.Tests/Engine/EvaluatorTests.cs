using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using Orleans.Rlvr.Training.Tasks.Countdown;

namespace Orleans.Rlvr.Training.Tests.Engine;

public sealed class EvaluatorTests
{
    [Fact]
    public void PromptsZero_EvaluatesEveryDistinctTestProblemOnce_AndReportsPassAtKAndTheTasksDiagnostics()
    {
        var options = TrainingPresets.Get("smoke") with
        {
            Task = new CountdownOptions { MaxNumbers = 3, MaxOperand = 5, MaxTarget = 30 },
            Evaluation = new EvaluationOptions { Prompts = 0, Samples = 2 },
        };
        options = RunOptionsValidation.Validate(options);
        var task = RlvrTasks.Create(options);
        using var policy = new TransformerPolicy(options.Policy, task.Tokenizer.VocabSize, seed: 1);

        var result = new Evaluator(task, options).Evaluate(policy, 0);

        Assert.Equal(task.DistinctPrompts(TaskSplit.Test).Count, result.Prompts);
        Assert.InRange(result.PassAtK, result.AverageAtK, 1.0);
        Assert.Contains(CountdownTraceDiagnostics.FalseFound, result.Diagnostics.Keys);
    }

    [Fact]
    public void LengthBuckets_ShareTheSamplesOut_AndTheirAccuraciesAverageToAvgAtK()
    {
        var options = RunOptionsValidation.Validate(TrainingPresets.Get("small") with { Evaluation = new EvaluationOptions { Prompts = 0, Samples = 4 }, WarmStart = new WarmStartOptions { Steps = 100, BatchSize = 32, LearningRate = 3e-3 } });
        var task = RlvrTasks.Create(options);
        using var policy = new TransformerPolicy(options.Policy, task.Tokenizer.VocabSize, seed: 1);
        new WarmStart(task, options).TrainOrLoad(policy, cache: null, (_, _) => { });

        var result = new Evaluator(task, options).Evaluate(policy, 0);

        var shares = result.Diagnostics.Where(d => d.Key.StartsWith("length/share_", StringComparison.Ordinal)).ToDictionary(d => d.Key["length/share_".Length..], d => d.Value);
        Assert.Equal(["1-12", "13-24", "25-48", "49-96"], shares.Keys);
        Assert.Equal(1.0, shares.Values.Sum(), 9);
        var weighted = shares.Where(s => s.Value > 0).Sum(s => s.Value * result.Diagnostics[$"length/acc_{s.Key}"]);
        Assert.Equal(result.AverageAtK, weighted, 9);
    }

    [Theory]
    [InlineData(96, 1, 0)]
    [InlineData(96, 12, 0)]
    [InlineData(96, 13, 1)]
    [InlineData(96, 96, 3)]
    [InlineData(96, 97, 3)]
    [InlineData(4, 1, 0)]
    public void LengthBucket_OfALength_IsTheFirstWhoseUpperBoundHoldsIt(int maxLength, int length, int bucket)
    {
        Assert.Equal(bucket, LengthBuckets.IndexOf(LengthBuckets.Of(maxLength), length));
    }
}
