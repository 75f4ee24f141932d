using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Checkpoints;

/// <summary>
/// Writes and reads the safetensors format (8-byte little-endian header size, a JSON header mapping each name to
/// dtype, shape and byte offsets, then the raw little-endian data), so PyTorch users can load our policies with
/// <c>safetensors.torch.load_file</c>.
/// </summary>
public static class SafetensorsFile
{
    private static readonly Dictionary<ScalarType, string> DTypes = new()
    {
        [ScalarType.Float32] = "F32",
        [ScalarType.Float64] = "F64",
        [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
        [ScalarType.Int8] = "I8",
        [ScalarType.Byte] = "U8",
        [ScalarType.Bool] = "BOOL",
    };

    /// <summary>Writes the named tensors (names sorted, as the reference implementation does) and string metadata.</summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = NewDisposeScope();
        var entries = tensors.OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (t.Name, Data: t.Tensor.detach().cpu().contiguous()))
            .ToArray();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            header["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        long offset = 0;
        foreach (var (name, data) in entries)
        {
            if (!DTypes.TryGetValue(data.dtype, out var dtype))
            {
                throw new NotSupportedException($"Tensor '{name}' has dtype {data.dtype}, which safetensors export does not support.");
            }

            var length = data.NumberOfElements * data.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = dtype,
                ["shape"] = new JsonArray(data.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }

        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (headerBytes.Length + 7) / 8 * 8;   // the data starts 8-byte aligned; the header is padded with spaces
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> size = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(size, (ulong)padded);
        stream.Write(size);
        stream.Write(headerBytes);
        stream.Write(Enumerable.Repeat((byte)' ', padded - headerBytes.Length).ToArray());
        foreach (var (_, data) in entries)
        {
            stream.Write(data.bytes);
        }

        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads every tensor of a safetensors file onto the CPU.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var (header, headerLength) = Header(bytes);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__" || node is null)
            {
                continue;
            }

            var dtype = DTypes.Single(d => d.Value == node["dtype"]!.GetValue<string>()).Key;
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var tensor = empty(shape, dtype);
            bytes.AsSpan(8 + headerLength + (int)offsets[0], (int)(offsets[1] - offsets[0])).CopyTo(tensor.bytes);
            result[name] = tensor;
        }

        return result;
    }

    /// <summary>The string metadata of a safetensors file.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        var metadata = Header(File.ReadAllBytes(path)).Header["__metadata__"]?.AsObject();
        return metadata?.ToDictionary(m => m.Key, m => m.Value!.GetValue<string>()) ?? [];
    }

    /// <summary>The JSON header and its length in bytes (the data starts at 8 + length).</summary>
    private static (JsonObject Header, int Length) Header(byte[] bytes)
    {
        var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        return (JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject(), length);
    }
}
