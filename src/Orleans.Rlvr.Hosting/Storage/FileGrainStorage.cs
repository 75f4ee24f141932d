using System.Security.Cryptography;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Rlvr.Hosting.Storage;

/// <summary>
/// Grain state as files under one folder (one file per grain and state name, written to a temporary file and renamed,
/// so a crash never leaves a torn state). The embedded default: a sweep survives the process that ran it and any
/// silo of a one-machine cluster can read it. ETags are content hashes; a stale write is refused.
/// </summary>
public sealed class FileGrainStorage(string root, Serializer serializer) : IGrainStorage
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
        grainState.State = serializer.Deserialize<T>(bytes);
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await CheckETag(path, grainState.ETag).ConfigureAwait(false);
        var bytes = serializer.SerializeToArray(grainState.State);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, bytes).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        await CheckETag(path, grainState.ETag).ConfigureAwait(false);
        File.Delete(path);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static async Task CheckETag(string path, string? expected)
    {
        var current = File.Exists(path) ? ETagOf(await File.ReadAllBytesAsync(path).ConfigureAwait(false)) : null;
        if (current != expected)
        {
            throw new InconsistentStateException($"Grain state '{path}' changed since it was read (etag {expected ?? "none"}, now {current ?? "none"}).", current ?? "", expected ?? "");
        }
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var name = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(grainId.ToString()))).ToLowerInvariant()[..32];
        return Path.Combine(_root, Sanitize(stateName), Sanitize(grainId.Type.ToString() ?? "grain"), name + ".bin");
    }

    private static string Sanitize(string value) => string.Concat(value.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static string ETagOf(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16];
}
