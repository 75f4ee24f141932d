using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>
/// Checkpoints of one run under a root folder, written atomically: the files go into a hidden temporary folder,
/// a manifest with each file's SHA-256 is written last, and the folder is renamed into place. A crash at any
/// point leaves either no new checkpoint or a complete one; <see cref="Latest"/> only returns folders whose
/// manifest verifies, so a checkpoint that would load wrong is never used.
/// </summary>
public sealed class CheckpointStore
{
    private const string Prefix = "step-";
    private const string ManifestName = "manifest.json";

    public CheckpointStore(string root, int keep = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Root = Path.GetFullPath(root);
        Keep = keep;
    }

    /// <summary>The folder holding this run's checkpoints.</summary>
    public string Root { get; }

    /// <summary>How many complete checkpoints are kept; older ones are deleted after a save.</summary>
    public int Keep { get; }

    /// <summary>Writes a checkpoint for <paramref name="step"/>: <paramref name="write"/> fills the given folder.</summary>
    public CheckpointRef Save(int step, Action<string> write)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        Directory.CreateDirectory(Root);
        var final = Path.Combine(Root, Name(step));
        var temporary = Path.Combine(Root, $".{Name(step)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            write(temporary);
            var files = Directory.GetFiles(temporary).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
            var manifest = new Manifest(step, files.ToDictionary(f => f, f => Hash(Path.Combine(temporary, f))));
            WriteDurably(Path.Combine(temporary, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest));
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true);   // a re-run of the same step replaces it
            }

            Directory.Move(temporary, final);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        Prune();
        return new CheckpointRef(step, final);
    }

    /// <summary>The newest checkpoint whose files match its manifest, or null when there is none.</summary>
    public CheckpointRef? Latest()
    {
        if (!Directory.Exists(Root))
        {
            return null;
        }

        foreach (var (step, directory) in Complete().OrderByDescending(c => c.Step))
        {
            if (Verifies(directory))
            {
                return new CheckpointRef(step, directory);
            }
        }

        return null;
    }

    /// <summary>The checkpoint of a given step, verified; throws when it is missing or corrupt.</summary>
    public CheckpointRef At(int step)
    {
        var directory = Path.Combine(Root, Name(step));
        if (!Directory.Exists(directory))
        {
            throw new FileNotFoundException($"No checkpoint for step {step} under '{Root}'.", directory);
        }

        if (!Verifies(directory))
        {
            throw new InvalidDataException($"Checkpoint '{directory}' does not match its manifest (incomplete or corrupt).");
        }

        return new CheckpointRef(step, directory);
    }

    private static string Name(int step) => Prefix + step.ToString("D6", CultureInfo.InvariantCulture);

    private IEnumerable<(int Step, string Directory)> Complete()
    {
        foreach (var directory in Directory.GetDirectories(Root, Prefix + "*"))
        {
            var name = Path.GetFileName(directory);
            if (int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                yield return (step, directory);
            }
        }
    }

    private static bool Verifies(string directory)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(Path.Combine(directory, ManifestName)));
            return manifest is not null && manifest.Files.All(f => Hash(Path.Combine(directory, f.Key)) == f.Value);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void Prune()
    {
        foreach (var (_, directory) in Complete().OrderByDescending(c => c.Step).Skip(Keep))
        {
            TryDelete(directory);
        }

        foreach (var stale in Directory.GetDirectories(Root, $".{Prefix}*.tmp-*"))
        {
            TryDelete(stale);
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record Manifest(int Step, Dictionary<string, string> Files);
}
