using Microsoft.Extensions.DependencyInjection;
using Orleans.Rlvr.Grains.Runs;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Rlvr.Grains.Tests;

/// <summary>
/// A run's state written while Redis restarts: the write commits but its reply is lost, so the activation keeps a stale
/// ETag (the chaos trial's run then failed eight attempts in a row on version conflicts).
/// </summary>
public sealed class OwnStateWritesTests
{
    private static readonly DeepCopier<ExperimentState> Copier =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<DeepCopier<ExperimentState>>();

    private static readonly RunSpec Spec = new("sweep/delta-l-a1-s1", "sweep", TrainingPresets.Get("smoke"), "sweeps/sweep/delta-l-a1-s1", "delta-l-a1", 1.0);

    [Fact]
    public async Task AWriteWhoseReplyWasLost_IsReconciled_SoTheNextStepIsSaved()
    {
        var store = new Store();
        var state = new PersistedRun(store) { State = new ExperimentState { Spec = Spec, Status = RunStatus.Running, Step = 4 } };
        store.LoseNextReply = true;
        await Assert.ThrowsAsync<IOException>(state.WriteStateAsync);

        state.State.Step = 5;
        await state.WriteOwnStateAsync(Copier, ExperimentState.IsEarlierStateOf);

        Assert.Equal(5, store.Saved!.Step);
        Assert.Equal(store.ETag, state.Etag);
        await state.WriteStateAsync();   // and the activation's ETag is current again
    }

    [Fact]
    public async Task ARecordFurtherAlong_IsNotOverwritten()
    {
        var store = new Store();
        var state = new PersistedRun(store) { State = new ExperimentState { Spec = Spec, Status = RunStatus.Running, Step = 4 } };
        await state.WriteStateAsync();
        store.WriteByAnotherActivation(new ExperimentState { Spec = Spec, Status = RunStatus.Running, Step = 9 });

        state.State.Step = 5;
        await Assert.ThrowsAsync<InconsistentStateException>(() => state.WriteOwnStateAsync(Copier, ExperimentState.IsEarlierStateOf));

        Assert.Equal(9, store.Saved!.Step);
        Assert.Equal(9, state.State.Step);   // the activation now holds the newer record, so a retry cannot write step 5 over it
        await state.WriteOwnStateAsync(Copier, ExperimentState.IsEarlierStateOf);
        Assert.Equal(9, store.Saved!.Step);
    }

    [Fact]
    public void AFinishedRecord_IsNotAnEarlierStateOfARunningOne()
    {
        var running = new ExperimentState { Spec = Spec, Status = RunStatus.Running, Step = 5 };

        Assert.True(ExperimentState.IsEarlierStateOf(new ExperimentState(), running));
        Assert.True(ExperimentState.IsEarlierStateOf(new ExperimentState { Spec = Spec, Status = RunStatus.Running, Step = 5 }, running));
        Assert.False(ExperimentState.IsEarlierStateOf(new ExperimentState { Spec = Spec, Status = RunStatus.Failed, Step = 5 }, running));
        Assert.False(ExperimentState.IsEarlierStateOf(new ExperimentState { Spec = Spec with { RunId = "other" }, Status = RunStatus.Running, Step = 1 }, running));
    }

    /// <summary>Storage with ETags, as Redis storage checks them; it can commit a write and then lose the reply.</summary>
    private sealed class Store
    {
        private int _version;

        public ExperimentState? Saved { get; private set; }

        public string? ETag { get; private set; }

        public bool LoseNextReply { get; set; }

        public string Write(ExperimentState value, string? etag)
        {
            if (etag != ETag)
            {
                throw new InconsistentStateException("Version conflict", ETag ?? "", etag ?? "");
            }

            Saved = Copier.Copy(value);
            ETag = $"e{++_version}";
            if (LoseNextReply)
            {
                LoseNextReply = false;
                throw new IOException("SocketClosed (the reply was lost)");
            }

            return ETag;
        }

        public void WriteByAnotherActivation(ExperimentState value) => Write(value, ETag);
    }

    private sealed class PersistedRun(Store store) : IPersistentState<ExperimentState>
    {
        public ExperimentState State { get; set; } = new();

        public string? Etag { get; private set; }

        public bool RecordExists => Etag is not null;

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync()
        {
            State = store.Saved is null ? new ExperimentState() : Copier.Copy(store.Saved);
            Etag = store.ETag;
            return Task.CompletedTask;
        }

        public Task WriteStateAsync()
        {
            Etag = store.Write(State, Etag);
            return Task.CompletedTask;
        }
    }
}
