using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Training.Engine;
using TorchSharp;

namespace Orleans.Rlvr.Grains.Compute;

/// <summary>
/// Runs tensor work (sampling, learner steps, evaluation) on dedicated threads of this silo, never on the Orleans
/// scheduler: a grain awaits the returned task, its turn ends at once, and the silo keeps answering status and
/// membership calls while a learner steps. With <see cref="RlvrOptions.OpeningThread"/>, long jobs (opening a run: a
/// warm start of minutes, a resume, the first evaluation) go to a lane of their own, so the steps of runs already
/// open keep going meanwhile (sharing the cores); otherwise they queue with the rest.
/// </summary>
public sealed class TensorWorkQueue : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly BlockingCollection<Action> _long;
    private readonly BlockingCollection<Action>[] _lanes;
    private readonly Thread[] _threads;
    private readonly TimeProvider _time;
    private readonly Lock _statisticsLock = new();
    private int _running;
    private long _busySince;
    private long _jobs;
    private long _busyTicks;
    private long _jobTicks;
    private long _waitTicks;
    private readonly System.Diagnostics.Metrics.Meter _meter = new(Orleans.Rlvr.Training.Telemetry.RlvrMeter.Name, "1.0");

    public TensorWorkQueue(IOptions<TorchOptions> torch, IOptions<RlvrOptions> options, TimeProvider time)
    {
        _time = time;
        Device = TorchRuntime.Configure(torch.Value);
        _long = options.Value.OpeningThread ? new BlockingCollection<Action>() : _work;
        _lanes = [.. new[] { _work, _long }.Distinct()];
        _threads = Enumerable.Range(0, options.Value.Validate().EffectiveTensorThreads)
            .Select(i => new Thread(() => Drain(_work, torch.Value)) { IsBackground = true, Name = $"rlvr-tensor-{i}" })
            .Concat(_lanes.Skip(1).Select(lane => new Thread(() => Drain(lane, torch.Value)) { IsBackground = true, Name = "rlvr-tensor-long" }))
            .ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }

        _meter.CreateObservableGauge("rlvr.tensor.queue.depth", () => Pending, "{job}", "Tensor jobs waiting for a tensor thread of this silo.");
        _meter.CreateObservableCounter("rlvr.tensor.busy.time", () => Statistics.Busy.TotalSeconds, "s",
            "Seconds in which at least one tensor thread of this silo was working; its rate is the busy fraction.");
    }

    /// <summary>The LibTorch device from configuration.</summary>
    public torch.Device Device { get; }

    /// <summary>Jobs waiting for a tensor thread (either lane).</summary>
    public int Pending => _lanes.Sum(lane => lane.Count);

    /// <summary>What the tensor threads have done since the silo started.</summary>
    public TensorWorkStatistics Statistics
    {
        get
        {
            lock (_statisticsLock)
            {
                var busy = _busyTicks + (_running > 0 ? _time.GetTimestamp() - _busySince : 0);
                return new TensorWorkStatistics(_jobs, Elapsed(busy), Elapsed(_jobTicks), Elapsed(_waitTicks));
            }
        }
    }

    /// <summary>Queues <paramref name="work"/>; the task completes (off the tensor thread) with its result or exception.</summary>
    public Task<T> Run<T>(Func<T> work) => Enqueue(_work, work);

    /// <summary>Queues a long job (opening a run): on the long-job lane, one at a time beside the other tensor threads, when <see cref="RlvrOptions.OpeningThread"/> is on; with the rest otherwise.</summary>
    public Task<T> RunLong<T>(Func<T> work) => Enqueue(_long, work);

    private Task<T> Enqueue<T>(BlockingCollection<Action> lane, Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _time.GetTimestamp();
        lane.Add(() =>
        {
            var started = Begin(queued);
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
            finally
            {
                End(started);
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        _meter.Dispose();
        foreach (var lane in _lanes)
        {
            lane.CompleteAdding();
        }

        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(30));
        }

        foreach (var lane in _lanes)
        {
            lane.Dispose();
        }
    }

    private long Begin(long queued)
    {
        var now = _time.GetTimestamp();
        lock (_statisticsLock)
        {
            _waitTicks += now - queued;
            if (_running++ == 0)
            {
                _busySince = now;
            }
        }

        return now;
    }

    private void End(long started)
    {
        var now = _time.GetTimestamp();
        lock (_statisticsLock)
        {
            _jobs++;
            _jobTicks += now - started;
            if (--_running == 0)
            {
                _busyTicks += now - _busySince;
            }
        }
    }

    private TimeSpan Elapsed(long ticks) => TimeSpan.FromSeconds((double)ticks / _time.TimestampFrequency);

    private static void Drain(BlockingCollection<Action> lane, TorchOptions torch)
    {
        // LibTorch's OpenMP thread count is per OS thread: a new thread starts with one per core, whatever the thread
        // that configured LibTorch set, so each tensor thread applies Torch:Threads (and deterministic mode) itself.
        TorchRuntime.ApplyThreads(torch);
        // No dispose scope here: jobs create modules (a run's policy) that must outlive the job; the engine scopes its own tensors.
        foreach (var job in lane.GetConsumingEnumerable())
        {
            job();
        }
    }
}
