using Microsoft.Extensions.Options;
using Orleans.Rlvr.Grains.Compute;
using Orleans.Rlvr.Grains.Configuration;
using Orleans.Rlvr.Training.Engine;

namespace Orleans.Rlvr.Grains.Tests.Compute;

public sealed class TensorWorkQueueTests
{
    private static TensorWorkQueue NewQueue(int threads, bool openingThread = false) =>
        new(Options.Create(new TorchOptions()), Options.Create(new RlvrOptions { TensorThreads = threads, OpeningThread = openingThread }), TimeProvider.System);

    [Fact]
    public async Task WithAnOpeningThread_ALongJobDoesNotHoldUpShortJobsOnTheOnlyTensorThread()
    {
        using var queue = NewQueue(threads: 1, openingThread: true);
        using var release = new ManualResetEventSlim();
        using var longStarted = new ManualResetEventSlim();

        var longJob = queue.RunLong(() => { longStarted.Set(); release.Wait(); return "warm start"; });
        longStarted.Wait();
        var shortJobs = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => queue.Run(() => i))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([0, 1, 2, 3, 4], shortJobs);
        Assert.False(longJob.IsCompleted);
        Assert.Equal(0, queue.Pending); // the long job is running, not queued
        release.Set();
        Assert.Equal("warm start", await longJob);
        Assert.Equal(6, queue.Statistics.Jobs);
    }

    [Fact]
    public async Task WithoutAnOpeningThread_LongJobsQueueWithTheRest()
    {
        using var queue = NewQueue(threads: 1);
        using var release = new ManualResetEventSlim();
        using var longStarted = new ManualResetEventSlim();

        var longJob = queue.RunLong(() => { longStarted.Set(); release.Wait(); return 1; });
        longStarted.Wait();
        var shortJob = queue.Run(() => 2);
        await Task.Delay(200);

        Assert.False(shortJob.IsCompleted);
        Assert.Equal(1, queue.Pending);
        release.Set();
        var results = await Task.WhenAll(longJob, shortJob);
        Assert.Equal(new[] { 1, 2 }, results);
    }

    [Fact]
    public async Task OverlappingJobs_CountTheirOverlapOnceInBusyTime()
    {
        using var queue = NewQueue(threads: 2);
        using var firstStarted = new ManualResetEventSlim();
        using var secondStarted = new ManualResetEventSlim();
        var before = queue.Statistics;

        // The first job cannot end before the second has started, so the two intervals overlap by construction.
        var first = queue.Run(() => { firstStarted.Set(); secondStarted.Wait(); return 1; });
        var second = queue.Run(() => { firstStarted.Wait(); secondStarted.Set(); return 2; });
        var results = await Task.WhenAll(first, second);
        Assert.Equal(new[] { 1, 2 }, results);

        var work = queue.Statistics.Since(before);
        Assert.Equal(2, work.Jobs);
        Assert.True(work.Busy > TimeSpan.Zero);
        Assert.True(work.Busy < work.JobTime, $"busy {work.Busy.TotalMilliseconds} ms must be less than the summed job time {work.JobTime.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task OneThread_BusyTimeIsTheSumOfJobTimes_AndAFailedJobStillCounts()
    {
        using var queue = NewQueue(threads: 1);
        await queue.Run(() => 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.Run<int>(() => throw new InvalidOperationException("boom")));

        var work = queue.Statistics;
        Assert.Equal(2, work.Jobs);
        Assert.Equal(work.JobTime, work.Busy);
    }
}
