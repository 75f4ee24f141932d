using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Hosting;
using Orleans.Rlvr.Training.Engine;
using TorchSharp;

namespace Orleans.Rlvr.Grains.Compute;

/// <summary>
/// Runs tensor work (sampling, learner steps, evaluation) on dedicated threads of this silo, never on the Orleans
/// scheduler: a grain awaits the returned task, its turn ends at once, and the silo keeps answering status and
/// membership calls while a learner steps.
/// </summary>
public sealed class TensorWorkQueue : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;

    public TensorWorkQueue(IOptions<TorchOptions> torch, IOptions<RlvrOptions> options)
    {
        Device = TorchRuntime.Configure(torch.Value);
        _threads = Enumerable.Range(0, options.Value.Validate().TensorThreads)
            .Select(i => new Thread(Drain) { IsBackground = true, Name = $"rlvr-tensor-{i}" })
            .ToArray();
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>The LibTorch device from configuration.</summary>
    public torch.Device Device { get; }

    /// <summary>Jobs waiting for a tensor thread.</summary>
    public int Pending => _work.Count;

    /// <summary>Queues <paramref name="work"/>; the task completes (off the tensor thread) with its result or exception.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(30));
        }

        _work.Dispose();
    }

    private void Drain()
    {
        // No dispose scope here: jobs create modules (a run's policy) that must outlive the job; the engine scopes its own tensors.
        foreach (var job in _work.GetConsumingEnumerable())
        {
            job();
        }
    }
}
