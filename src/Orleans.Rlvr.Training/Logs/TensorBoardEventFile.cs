using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Orleans.Rlvr.Training.Logs;

/// <summary>
/// A TensorBoard scalar event file (<c>events.out.tfevents.&lt;time&gt;.&lt;host&gt;</c>), written without TensorFlow.
/// Each record is TFRecord-framed — u64 length, masked CRC-32C of those 8 bytes, the payload, masked CRC-32C of the
/// payload (mask(c) = ((c ≫ 15) | (c ≪ 17)) + 0xa282ead8) — and the payload is an <c>Event</c> protobuf: the first
/// one carries <c>file_version = "brain.Event:2"</c>, then one per step with every scalar of the step as a
/// <c>Summary.Value{tag, simple_value}</c>.
/// </summary>
public sealed class TensorBoardEventFile : IDisposable
{
    /// <summary>What every event file's name starts with (TensorBoard finds files by it).</summary>
    public const string Prefix = "events.out.tfevents.";

    private const uint CrcMaskDelta = 0xa282ead8;
    private readonly FileStream _stream;

    private TensorBoardEventFile(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Creates a new event file in <paramref name="directory"/> named by <paramref name="wallTime"/> and the host, and writes its version record.</summary>
    public static TensorBoardEventFile Create(string directory, DateTimeOffset wallTime)
    {
        Directory.CreateDirectory(directory);
        var name = $"{Prefix}{wallTime.ToUnixTimeSeconds()}.{Environment.MachineName}";
        var path = System.IO.Path.Combine(directory, name);
        for (var n = 1; File.Exists(path); n++)
        {
            path = System.IO.Path.Combine(directory, $"{name}.{n}");
        }

        var file = new TensorBoardEventFile(path);
        file.WriteRecord(Event(wallTime, 0, fileVersion: "brain.Event:2", summary: null));
        return file;
    }

    /// <summary>Appends one event holding <paramref name="scalars"/> (tag → value, stored as float32) at <paramref name="step"/>.</summary>
    public void WriteScalars(long step, DateTimeOffset wallTime, IEnumerable<KeyValuePair<string, double>> scalars)
    {
        var summary = new MemoryStream();
        Span<byte> single = stackalloc byte[4];
        foreach (var (tag, value) in scalars)
        {
            var entry = new MemoryStream();
            WriteBytesField(entry, 1, Encoding.UTF8.GetBytes(tag));
            entry.WriteByte((2 << 3) | 5);                                        // simple_value: field 2, fixed32
            BinaryPrimitives.WriteSingleLittleEndian(single, (float)value);
            entry.Write(single);
            WriteBytesField(summary, 1, entry.ToArray());                         // Summary.value: field 1
        }

        WriteRecord(Event(wallTime, step, fileVersion: null, summary: summary.ToArray()));
    }

    /// <summary>Pushes what was written to the operating system, so a reader sees every completed step.</summary>
    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    /// <summary>CRC-32C (Castagnoli) of <paramref name="data"/>, as TFRecord uses it before masking.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>TFRecord's masked CRC of <paramref name="data"/>.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + CrcMaskDelta);
    }

    private void WriteRecord(byte[] payload)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(payload));
        _stream.Write(header);
        _stream.Write(payload);
        _stream.Write(footer);
    }

    private static byte[] Event(DateTimeOffset wallTime, long step, string? fileVersion, byte[]? summary)
    {
        var message = new MemoryStream();
        message.WriteByte((1 << 3) | 1);                                          // wall_time: field 1, fixed64 double
        Span<byte> seconds = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(seconds, wallTime.ToUnixTimeMilliseconds() / 1000.0);
        message.Write(seconds);
        message.WriteByte((2 << 3) | 0);                                          // step: field 2, varint
        WriteVarint(message, (ulong)step);
        if (fileVersion is not null)
        {
            WriteBytesField(message, 3, Encoding.UTF8.GetBytes(fileVersion));     // file_version: field 3
        }

        if (summary is not null)
        {
            WriteBytesField(message, 5, summary);                                 // summary: field 5
        }

        return message.ToArray();
    }

    private static void WriteBytesField(Stream stream, int field, byte[] bytes)
    {
        stream.WriteByte((byte)((field << 3) | 2));
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
