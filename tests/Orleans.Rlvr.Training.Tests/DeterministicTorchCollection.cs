namespace Orleans.Rlvr.Training.Tests;

/// <summary>
/// Tests that compare two training runs bit for bit set LibTorch to one thread, a process-wide setting: they run in
/// this collection, alone, so that no other test changes the thread count or shares the CPU pool mid-run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeterministicTorchCollection
{
    public const string Name = "Deterministic LibTorch (one thread, nothing in parallel)";
}
