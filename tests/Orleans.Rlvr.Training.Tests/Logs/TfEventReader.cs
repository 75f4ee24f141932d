using System.Buffers.Binary;
using System.Text;

namespace Orleans.Rlvr.Training.Tests.Logs;

/// <summary>One decoded TensorBoard event: its step, file version (first record only) and scalar values by tag.</summary>
internal sealed record TfEvent(long Step, double WallTime, string? FileVersion, IReadOnlyList<(string Tag, float Value)> Scalars);

/// <summary>
/// A reader of TensorBoard event files written for the tests, independent of the writer: it checks both masked CRC-32C
/// of every TFRecord (computed bit by bit here, not with the writer's code) and decodes the Event and Summary protobufs
/// field by field, failing on anything it does not expect.
/// </summary>
internal static class TfEventReader
{
    public static List<TfEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<TfEvent>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            Assert.True(bytes.Length - offset >= 16, $"truncated record at byte {offset} of {path}");
            var header = bytes.AsSpan(offset, 8);
            var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header));
            Assert.Equal(MaskedCrc(header), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8, 4)));
            var payload = bytes.AsSpan(offset + 12, length);
            Assert.Equal(MaskedCrc(payload), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 12 + length, 4)));
            events.Add(DecodeEvent(payload.ToArray()));
            offset += 16 + length;
        }

        return events;
    }

    /// <summary>CRC-32C, reflected polynomial 0x82F63B78, one bit at a time.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    private static TfEvent DecodeEvent(byte[] message)
    {
        long step = 0;
        double wallTime = double.NaN;
        string? version = null;
        var scalars = new List<(string, float)>();
        foreach (var (field, wire, value, bytes) in Fields(message))
        {
            switch (field, wire)
            {
                case (1, 1): wallTime = BitConverter.Int64BitsToDouble((long)value); break;
                case (2, 0): step = (long)value; break;
                case (3, 2): version = Encoding.UTF8.GetString(bytes!); break;
                case (5, 2): scalars.AddRange(DecodeSummary(bytes!)); break;
                default: throw new InvalidDataException($"unexpected Event field {field} (wire type {wire})");
            }
        }

        return new TfEvent(step, wallTime, version, scalars);
    }

    private static IEnumerable<(string, float)> DecodeSummary(byte[] summary)
    {
        foreach (var (field, wire, _, entry) in Fields(summary))
        {
            Assert.Equal((1, 2), (field, wire));
            string? tag = null;
            float? value = null;
            foreach (var (f, w, v, b) in Fields(entry!))
            {
                switch (f, w)
                {
                    case (1, 2): tag = Encoding.UTF8.GetString(b!); break;
                    case (2, 5): value = BitConverter.Int32BitsToSingle((int)v); break;
                    case (9, 2): break; // SummaryMetadata (TorchSharp's writer adds a plugin name)
                    default: throw new InvalidDataException($"unexpected Summary.Value field {f} (wire type {w})");
                }
            }

            yield return (tag ?? throw new InvalidDataException("a value without a tag"), value ?? throw new InvalidDataException($"'{tag}' has no simple_value"));
        }
    }

    private static IEnumerable<(int Field, int Wire, ulong Value, byte[]? Bytes)> Fields(byte[] message)
    {
        var i = 0;
        while (i < message.Length)
        {
            var key = Varint(message, ref i);
            var (field, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0:
                    yield return (field, wire, Varint(message, ref i), null);
                    break;
                case 1:
                    yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i, 8)), null);
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    yield return (field, wire, 0, message.AsSpan(i, length).ToArray());
                    i += length;
                    break;
                case 5:
                    yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(i, 4)), null);
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} of field {field}");
            }
        }
    }

    private static ulong Varint(byte[] message, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
