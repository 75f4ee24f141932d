using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Tasks;

namespace Orleans.Rlvr.Grains;

/// <summary>
/// One prompt at one step of one run: asks a rollout worker for its G responses, scores them (verifier, overlong
/// handling, advantages: the engine's <see cref="GroupScorer"/>) and submits the group to the run's learner.
/// The gathered group is kept, so a retried <see cref="Gather"/> re-submits the same group and the learner,
/// keyed by (step, prompt), never counts it twice.
/// </summary>
public sealed class PromptGroupGrain(RunCatalog runs, IOptions<RlvrOptions> options) : Grain, IPromptGroupGrain
{
    private ScoredGroup? _group;
    private double _generationSeconds;

    public async Task<GroupSummary> Gather(GroupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (runId, step, promptIndex) = ParseKey(this.GetPrimaryKeyString());
        if (request.Step != step || request.PromptIndex != promptIndex || request.Policy.RunId != runId)
        {
            throw new ArgumentException($"request: run {request.Policy.RunId}, step {request.Step}, prompt {request.PromptIndex} sent to the group of run {runId}, step {step}, prompt {promptIndex}.", nameof(request));
        }

        if (_group is null)
        {
            var run = runs.Get(request.Run);
            var prompt = run.Task.Prompts(TaskSplit.Train, promptIndex, 1)[0];
            var encoded = PromptEncoding.Encode(prompt, run.Task.Tokenizer);
            var worker = GrainFactory.GetGrain<IRolloutWorkerGrain>(promptIndex % options.Value.RolloutWorkers);
            var clock = Stopwatch.StartNew();
            var responses = await worker.Generate(new RolloutRequest(request.Policy, encoded, run.Options.Rollout.GroupSize, StepSeeds.Group(run.Options.Seed, step, promptIndex), request.Round));
            _generationSeconds = clock.Elapsed.TotalSeconds;
            _group = run.Scorer.Score(prompt, encoded, responses);
        }

        var accepted = await LearnerReference.Of(GrainFactory, runId).Submit(step, promptIndex, _group);
        return new GroupSummary(promptIndex, _group.IsDegenerate, _group.Rewards.Average(), _generationSeconds, accepted);
    }

    /// <summary>The grain key of a prompt group: <c>{runId}/{step}/{promptIndex}</c>.</summary>
    public static string Key(string runId, int step, int promptIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}/{step}/{promptIndex}");

    private static (string RunId, int Step, int PromptIndex) ParseKey(string key)
    {
        var last = key.LastIndexOf('/');
        var middle = last > 0 ? key.LastIndexOf('/', last - 1) : -1;
        if (middle <= 0
            || !int.TryParse(key.AsSpan(middle + 1, last - middle - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            || !int.TryParse(key.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var promptIndex))
        {
            throw new ArgumentException($"Prompt group key '{key}' is not {{runId}}/{{step}}/{{promptIndex}}.", nameof(key));
        }

        return (key[..middle], step, promptIndex);
    }
}
