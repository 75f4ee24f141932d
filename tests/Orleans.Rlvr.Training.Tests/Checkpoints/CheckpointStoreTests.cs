using Orleans.Rlvr.Training.Checkpoints;

namespace Orleans.Rlvr.Training.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Latest_ReturnsTheNewestCompleteCheckpoint()
    {
        var store = new CheckpointStore(_root);
        store.Save(1, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "one"));
        store.Save(2, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "two"));

        var latest = store.Latest()!;
        Assert.Equal(2, latest.Step);
        Assert.Equal("two", File.ReadAllText(latest.File("a.txt")));
    }

    [Fact]
    public void CrashWhileWriting_LeavesThePreviousCheckpointAsLatest()
    {
        var store = new CheckpointStore(_root);
        store.Save(1, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "one"));

        Assert.Throws<IOException>(() => store.Save(2, dir =>
        {
            File.WriteAllText(Path.Combine(dir, "a.txt"), "half");
            throw new IOException("disk full");
        }));

        Assert.Equal(1, store.Latest()!.Step);
        Assert.Single(Directory.GetDirectories(_root));
    }

    [Fact]
    public void CorruptedFile_IsDetected_AndTheOlderCheckpointIsUsed()
    {
        var store = new CheckpointStore(_root);
        store.Save(1, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "one"));
        var second = store.Save(2, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "two"));
        File.WriteAllText(second.File("a.txt"), "tw0");

        Assert.Equal(1, store.Latest()!.Step);
        Assert.Throws<InvalidDataException>(() => store.At(2));
    }

    [Fact]
    public void FolderWithoutManifest_IsNeverLoaded()
    {
        var store = new CheckpointStore(_root);
        Directory.CreateDirectory(Path.Combine(_root, "step-000007"));
        File.WriteAllText(Path.Combine(_root, "step-000007", "a.txt"), "torn");

        Assert.Null(store.Latest());
    }

    [Fact]
    public void Save_KeepsOnlyTheConfiguredNumberOfCheckpoints()
    {
        var store = new CheckpointStore(_root, keep: 2);
        for (var step = 1; step <= 4; step++)
        {
            store.Save(step, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), step.ToString()));
        }

        Assert.Equal(["step-000003", "step-000004"], Directory.GetDirectories(_root).Select(Path.GetFileName).Order());
    }
}
