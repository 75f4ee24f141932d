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

    [Theory]
    [InlineData("step-only", "its manifest lists no files")]
    [InlineData("no-files", "its manifest lists no files")]
    [InlineData("other-step", "its manifest is of step 7")]
    [InlineData("file-missing-from-manifest", "differ from its manifest's")]
    [InlineData("not-json", "no readable manifest")]
    [InlineData("byte-flip", "a.txt does not match its SHA-256")]
    public void MalformedOrCorruptNewest_IsPassedOverWithItsReason_AndTheOlderOneIsUsed(string fault, string reason)
    {
        var store = new CheckpointStore(_root);
        store.Save(1, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "one"));
        var second = store.Save(2, dir =>
        {
            File.WriteAllText(Path.Combine(dir, "a.txt"), "two");
            File.WriteAllText(Path.Combine(dir, "b.txt"), "more");
        });
        var manifest = second.File("manifest.json");
        switch (fault)
        {
            case "step-only": File.WriteAllText(manifest, """{"Step":2}"""); break;
            case "no-files": File.WriteAllText(manifest, """{"Step":2,"Files":{}}"""); break;
            case "other-step": File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"Step\":2", "\"Step\":7", StringComparison.Ordinal)); break;
            case "file-missing-from-manifest": File.WriteAllText(second.File("c.txt"), "stray"); break;
            case "not-json": File.WriteAllText(manifest, "{\"Step\":2,"); break;
            case "byte-flip":
                var bytes = File.ReadAllBytes(second.File("a.txt"));
                bytes[0] ^= 1;
                File.WriteAllBytes(second.File("a.txt"), bytes);
                break;
        }

        var rejected = new List<(string Directory, string Reason)>();
        var latest = store.Latest((directory, why) => rejected.Add((directory, why)));

        Assert.Equal(1, latest!.Step);
        var (folder, message) = Assert.Single(rejected);
        Assert.Equal(second.Directory, folder);
        Assert.Contains(reason, message, StringComparison.Ordinal);
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
