using System.Buffers.Binary;
using System.Text.Json;
using Orleans.Rlvr.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Rlvr.Training.Tests.Checkpoints;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"rlvr-{Guid.NewGuid():N}.safetensors");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void WriteThenRead_RoundTripsNamesShapesDtypesAndValues()
    {
        using var scope = NewDisposeScope();
        var weight = arange(6, ScalarType.Float32).reshape(2, 3);
        var bias = tensor(new[] { 1.5, -2.5 }, ScalarType.Float64);
        SafetensorsFile.Write(_path, [("layer.weight", weight), ("layer.bias", bias)], new Dictionary<string, string> { ["format"] = "pt" });

        var read = SafetensorsFile.Read(_path);
        Assert.Equal(["layer.bias", "layer.weight"], read.Keys.Order());
        Assert.True(read["layer.weight"].equal(weight).all().item<bool>());
        Assert.Equal(ScalarType.Float64, read["layer.bias"].dtype);
        Assert.True(read["layer.bias"].equal(bias).all().item<bool>());
        Assert.Equal("pt", SafetensorsFile.ReadMetadata(_path)["format"]);
    }

    [Fact]
    public void Header_FollowsTheSafetensorsLayout()
    {
        using var scope = NewDisposeScope();
        SafetensorsFile.Write(_path, [("w", ones(2, 2))]);

        var bytes = File.ReadAllBytes(_path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength)).RootElement.GetProperty("w");
        Assert.Equal("F32", header.GetProperty("dtype").GetString());
        Assert.Equal([2, 2], header.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 16], header.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(8 + headerLength + 16, bytes.Length);
    }
}
