using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Rollouts;
using Orleans.Rlvr.Training.Policy;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Grains.Compute;

/// <summary>
/// Merges the rollout requests that reach this silo for the same policy version into one batched sampler call:
/// the B prompt groups of a step arrive within milliseconds of each other and, sampled together, cost about as
/// much as one. Each request keeps its own generator (seeded by its group), so its responses do not depend on
/// which requests it was batched with. A batch closes when a tensor thread takes it, at least
/// <see cref="RlvrOptions.RolloutBatchWindow"/> after its first request; when its requests say which round they
/// belong to (<see cref="RoundSlot"/>), it also waits for the whole round (until no request of it has arrived for
/// <see cref="RoundWait"/>) and samples it in prompt order, the batch the one-process trainer samples, so that the last
/// bits of a run's samples do not depend on when its requests arrived — also on a loaded machine, where a round's
/// requests can trickle in over more than a few seconds.
/// </summary>
public sealed class RolloutBatcher(TensorWorkQueue tensors, PolicyCache policies, IOptions<RlvrOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Checkpoint, int Step, int GroupSize), OpenBatch> _open = [];
    private readonly TimeSpan _window = options.Value.RolloutBatchWindow;

    /// <summary>
    /// How long a batch waits after its round's latest request for the next one before it samples what it has (a
    /// retried round may send fewer requests). Measured from the latest arrival, not the first: with a fixed total
    /// wait of 5 s, a sweep sharing the CPU with other processes split a round and a run diverged from its replay.
    /// </summary>
    public static readonly TimeSpan RoundWait = TimeSpan.FromSeconds(5);

    /// <summary>Batched sampler calls so far, and the requests they served.</summary>
    public (long Batches, long Requests) Counts { get; private set; }

    /// <summary>The G responses to <paramref name="request"/>'s prompt.</summary>
    public Task<IReadOnlyList<ResponseSample>> Generate(RolloutRequest request)
    {
        var pending = new Pending(request, new TaskCompletionSource<IReadOnlyList<ResponseSample>>(TaskCreationOptions.RunContinuationsAsynchronously));
        var key = (request.Policy.CheckpointDirectory, request.Policy.Step, request.GroupSize);
        bool opened;
        lock (_lock)
        {
            opened = !_open.TryGetValue(key, out var batch);
            if (opened)
            {
                batch = new OpenBatch();
                _open[key] = batch;
            }

            batch!.Items.Add(pending);
            batch.LastArrival = time.GetTimestamp();
            if (request.Round is { } round && batch.Items.Count >= round.Size)
            {
                batch.Full.TrySetResult();
            }
        }

        if (opened)
        {
            // Off the grain scheduler: this continuation must not run as a turn of the calling grain.
            _ = Task.Run(() => Close(key));
        }

        return pending.Completion.Task;
    }

    private async Task Close((string Checkpoint, int Step, int GroupSize) key)
    {
        if (_window > TimeSpan.Zero)
        {
            await Task.Delay(_window, time);
        }

        while (true)
        {
            Task full;
            TimeSpan idle;
            lock (_lock)
            {
                var open = _open[key];
                full = open.Items[0].Request.Round is null ? Task.CompletedTask : open.Full.Task;
                idle = time.GetElapsedTime(open.LastArrival);
            }

            var left = RoundWait - idle;
            if (full.IsCompleted || left <= TimeSpan.Zero || await Task.WhenAny(full, Task.Delay(left, time)) == full)
            {
                break;
            }
        }

        List<Pending>? batch = null;
        try
        {
            await tensors.Run(() =>
            {
                lock (_lock)
                {
                    batch = [.. _open[key].Items.OrderBy(p => p.Request.Round?.Position ?? 0)];
                    _open.Remove(key);
                    Counts = (Counts.Batches + 1, Counts.Requests + batch.Count);
                }

                var first = batch[0].Request;
                var loaded = policies.Get(first.Policy);
                var generators = batch.Select(p => new Generator((ulong)p.Request.Seed)).ToArray();
                try
                {
                    var groups = loaded.Generator.Generate(batch.Select(p => p.Request.Prompt).ToArray(), key.GroupSize, SamplingSettings.ForRollouts(loaded.Options), generators);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Completion.SetResult(groups[i]);
                    }
                }
                finally
                {
                    foreach (var generator in generators)
                    {
                        generator.Dispose();
                    }
                }

                return true;
            });
        }
        catch (Exception e)
        {
            List<Pending> failed;
            lock (_lock)
            {
                // The job failed before taking its batch (queue shut down) or while sampling it.
                if (batch is null && _open.Remove(key, out var waiting))
                {
                    batch = waiting.Items;
                }

                failed = batch ?? [];
            }

            foreach (var pending in failed)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    private sealed record Pending(RolloutRequest Request, TaskCompletionSource<IReadOnlyList<ResponseSample>> Completion);

    /// <summary>The requests of one policy version not yet taken, and a signal set when their round is complete.</summary>
    private sealed class OpenBatch
    {
        public List<Pending> Items { get; } = [];

        public TaskCompletionSource Full { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The batcher's <see cref="TimeProvider.GetTimestamp"/> when the latest request joined (under its lock).</summary>
        public long LastArrival { get; set; }
    }
}
