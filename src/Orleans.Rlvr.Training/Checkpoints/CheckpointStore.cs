using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>
/// Checkpoints of one run under a root folder, written atomically: the files go into a hidden temporary folder,
/// a manifest with each file's SHA-256 is written last, and the folder is renamed into place. A crash at any
/// point leaves either no new checkpoint or a complete one; <see cref="Latest"/> only returns folders whose
/// manifest verifies (and names the ones it passes over), so a checkpoint that would load wrong is never used.
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

    /// <summary>Fault injection (chaos tests): how long to wait between writing a checkpoint's files and committing it. Default 0.</summary>
    public TimeSpan CommitPause { get; set; }

    /// <summary>Writes a checkpoint for <paramref name="step"/>: <paramref name="write"/> fills the given folder.</summary>
    public CheckpointRef Save(int step, Action<string> write)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var final = Path.Combine(Root, Name(step));
        var temporary = Path.Combine(Root, $".{Name(step)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(temporary);
            write(temporary);
            var files = Directory.GetFiles(temporary).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
            var manifest = new Manifest(step, files.ToDictionary(f => f, f => Hash(Path.Combine(temporary, f))));
            WriteDurably(Path.Combine(temporary, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest));
            if (CommitPause > TimeSpan.Zero)
            {
                Thread.Sleep(CommitPause);
            }

            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true);   // a re-run of the same step replaces it
            }

            Directory.Move(temporary, final);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Disk full, a read-only or vanished folder: nothing half-written stays, checkpoints of earlier steps are untouched.
            TryDelete(temporary);
            throw new IOException($"Could not write the checkpoint of step {step} in '{Root}': {e.Message} Checkpoints of earlier steps are intact.", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        Prune();
        return new CheckpointRef(step, final);
    }

    /// <summary>
    /// The newest checkpoint whose files match its manifest, or null when there is none; each newer folder passed over
    /// is reported to <paramref name="rejected"/> with the reason.
    /// </summary>
    public CheckpointRef? Latest(Action<string, string>? rejected = null) => Verified(rejected).FirstOrDefault();

    /// <summary>
    /// Every checkpoint whose files match its manifest, newest first (a caller that cannot load one falls back to the
    /// next); each folder passed over is reported to <paramref name="rejected"/> with the reason.
    /// </summary>
    public IEnumerable<CheckpointRef> Verified(Action<string, string>? rejected = null)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var (step, directory) in Complete().OrderByDescending(c => c.Step).ToArray())
        {
            if (Problem(step, directory) is { } reason)
            {
                rejected?.Invoke(directory, reason);
                continue;
            }

            yield return new CheckpointRef(step, directory);
        }
    }

    /// <summary>The checkpoint of a given step, verified; throws when it is missing or corrupt.</summary>
    public CheckpointRef At(int step)
    {
        var directory = Path.Combine(Root, Name(step));
        if (!Directory.Exists(directory))
        {
            throw new FileNotFoundException($"No checkpoint for step {step} under '{Root}'.", directory);
        }

        if (Problem(step, directory) is { } reason)
        {
            throw new InvalidDataException($"Checkpoint '{directory}' does not match its manifest ({reason}).");
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

    /// <summary>
    /// Why a checkpoint folder cannot be trusted, or null when it can: its manifest must parse, name its own step, and
    /// list exactly the files the folder holds, each with its SHA-256.
    /// </summary>
    private static string? Problem(int step, string directory)
    {
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(Path.Combine(directory, ManifestName)));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return $"no readable manifest: {e.Message}";
        }

        if (manifest?.Files is not { Count: > 0 } files)
        {
            return "its manifest lists no files";
        }

        if (manifest.Step != step)
        {
            return $"its manifest is of step {manifest.Step}";
        }

        var present = Directory.GetFiles(directory).Select(Path.GetFileName).Where(f => f != ManifestName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (!present.SetEquals(files.Keys))
        {
            return $"its files ({string.Join(", ", present.Order(StringComparer.Ordinal))}) differ from its manifest's ({string.Join(", ", files.Keys.Order(StringComparer.Ordinal))})";
        }

        try
        {
            var changed = files.FirstOrDefault(f => Hash(Path.Combine(directory, f.Key)) != f.Value).Key;
            return changed is null ? null : $"{changed} does not match its SHA-256";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"a file cannot be read: {e.Message}";
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

    private sealed record Manifest(int Step, Dictionary<string, string>? Files);
}
