using Orleans.Rlvr.Training.Models;
using TorchSharp;

namespace Orleans.Rlvr.Cli.Tests.Commands;

/// <summary><c>rlvr model init</c>, the real executable: a folder the decoder loads with the asked shape; bad shapes refused by flag.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-model-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ModelInit_WritesAFolderTheDecoderLoads_AndRefusesABadShapeNamingIt()
    {
        var (code, _) = await Run("model", "init", "--family", "llama", "--layers", "3", "--hidden", "48", "--heads", "6", "--kv-heads", "2", "--vocab", "300", "--out", "m");

        Assert.Equal(0, code);
        using (var decoder = HfModelFolder.Load(Path.Combine(_root, "m"), torch.ScalarType.Float32, torch.CPU))
        {
            Assert.Equal((3, 48, 6, 2, 300, false), (decoder.Config.Layers, decoder.Config.HiddenSize, decoder.Config.Heads, decoder.Config.KeyValueHeads, decoder.Config.VocabSize, decoder.Config.AttentionBias));
            Assert.True(File.Exists(Path.Combine(_root, "m", "tokenizer.json")));
            Assert.Contains("lm_head.weight", decoder.Weights.Keys);
        }

        var (refused, stderr) = await Run("model", "init", "--heads", "4", "--kv-heads", "3", "--out", "n");
        Assert.Equal(2, refused);
        Assert.Contains("num_key_value_heads", stderr);
        Assert.False(Directory.Exists(Path.Combine(_root, "n")));
    }

    private async Task<(int Code, string Stderr)> Run(params string[] arguments)
    {
        using var process = RlvrProcess.Start(arguments, _root);
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }
}
