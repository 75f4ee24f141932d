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
}
