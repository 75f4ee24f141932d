using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Policy;
using Orleans.Rlvr.Training.Tasks;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Engine;

/// <summary>
/// Held-out evaluation: greedy accuracy and avg@k (mean correctness of k samples at temperature 1, the paper's
/// metric) on the task's test split (or, to measure memorization, its train split). A response is correct when the
/// verifier gives it the full reward 1.
/// </summary>
public sealed class Evaluator(IRlvrTask task, RunOptions options, TaskSplit split = TaskSplit.Test)
{
    private readonly IReadOnlyList<TaskPrompt> _prompts = options.Evaluation.Prompts == 0
        ? task.DistinctPrompts(split)
        : task.Prompts(split, 0, options.Evaluation.Prompts);

    public EvaluationResult Evaluate(CausalPolicy policy, int step)
    {
        policy.eval();
        var encoded = _prompts.Select(p => PromptEncoding.Encode(p, task.Tokenizer)).ToArray();
        var generator = new RolloutGenerator(policy, task.Tokenizer);
        var greedy = generator.Generate(encoded, 1, new SamplingSettings(options.Rollout.MaxResponseLength, Greedy: true), new Generator(0));
        var sampled = generator.Generate(encoded, options.Evaluation.Samples, new SamplingSettings(options.Rollout.MaxResponseLength), new Generator((ulong)StepSeeds.Evaluation(options.Seed, step)));

        // Each sampled response decoded once: the verifier and the task's diagnostics read the same text.
        var texts = sampled.Select(group => group.Select(r => task.Tokenizer.Decode(r.Tokens)).ToArray()).ToArray();
        var greedyCorrect = 0;
        var sampledCorrect = 0;
        var buckets = LengthBuckets.Of(options.Rollout.MaxResponseLength);
        var bucketSamples = new int[buckets.Count];
        var bucketCorrect = new int[buckets.Count];
        var sampledTokens = 0L;
        var passed = 0;
        for (var p = 0; p < _prompts.Count; p++)
        {
            greedyCorrect += Correct(_prompts[p], task.Tokenizer.Decode(greedy[p][0].Tokens)) ? 1 : 0;
            var solved = false;
            for (var k = 0; k < sampled[p].Count; k++)
            {
                var correct = Correct(_prompts[p], texts[p][k]);
                sampledCorrect += correct ? 1 : 0;
                solved |= correct;
                sampledTokens += sampled[p][k].Length;
                var bucket = LengthBuckets.IndexOf(buckets, sampled[p][k].Length);
                bucketSamples[bucket]++;
                bucketCorrect[bucket] += correct ? 1 : 0;
            }

            passed += solved ? 1 : 0;
        }

        var samples = _prompts.Count * options.Evaluation.Samples;
        var examples = Enumerable.Range(0, Math.Min(3, _prompts.Count))
            .Select(p => $"{_prompts[p].Text}{task.Tokenizer.Decode(greedy[p][0].Tokens)}")
            .ToArray();
        return new EvaluationResult(step, (double)greedyCorrect / _prompts.Count, (double)sampledCorrect / samples, options.Evaluation.Samples, _prompts.Count, (double)sampledTokens / samples, examples)
        {
            PassAtK = (double)passed / _prompts.Count,
            Diagnostics = LengthBuckets.Accuracy(buckets, bucketSamples, bucketCorrect, task is ITaskDiagnostics diagnostics
                ? diagnostics.Diagnose(_prompts.SelectMany((prompt, p) => texts[p].Select(text => (prompt, text))))
                : new Dictionary<string, double>()),
        };
    }

    private bool Correct(TaskPrompt prompt, string response) => task.Reward(prompt, response) >= 1.0;
}
