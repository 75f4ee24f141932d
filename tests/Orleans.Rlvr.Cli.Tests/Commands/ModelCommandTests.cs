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

    [Fact]
    public async Task ModelLogits_PrintsTheDecodersLogitsPerPosition_AsJson()
    {
        Assert.Equal(0, (await Run("model", "init", "--layers", "1", "--hidden", "32", "--vocab", "300", "--out", "m")).Code);

        var (code, stdout, _) = await RunWithOutput("model", "logits", "--model", "m", "--tokens", "5,17,260", "--json");

        Assert.Equal(0, code);
        var rows = System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        using var decoder = HfModelFolder.Load(Path.Combine(_root, "m"), torch.ScalarType.Float32, torch.CPU);
        using var expected = decoder.Logits(torch.tensor(new long[] { 5, 17, 260 }, [1, 3]))[0];
        Assert.Equal(3, rows.Length);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].data<float>().ToArray(), rows[i]);
        }
    }

    [Theory]
    [InlineData("--tokens", "5,x", "--tokens")]
    [InlineData("--tokens", "5,300", "--tokens")]
    [InlineData("--model", "missing", "--model")]
    public async Task ModelLogits_BadInput_IsRefusedNamingTheFlag(string flag, string value, string named)
    {
        Assert.Equal(0, (await Run("model", "init", "--layers", "1", "--hidden", "32", "--vocab", "300", "--out", "m")).Code);
        string[] arguments = flag == "--tokens" ? ["model", "logits", "--model", "m", "--tokens", value] : ["model", "logits", "--model", value, "--tokens", "1"];

        var (code, stderr) = await Run(arguments);

        Assert.Equal(2, code);
        Assert.Contains(named, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Theory]
    [InlineData("countdown", "policy.model")]
    [InlineData("countdown-text", "--model")]
    public async Task TrainWithAModel_OnTheCharacterTaskOrAMissingFolder_IsRefused(string task, string named)
    {
        Assert.Equal(0, (await Run("model", "init", "--layers", "1", "--hidden", "32", "--vocab", "300", "--out", "m")).Code);
        var model = named == "--model" ? "nowhere" : "m";

        var (code, stderr) = await Run("train", "--model", model, "--task", task, "--preset", "smoke", "--set", "policy.contextLength=256", "--out", "run");

        Assert.Equal(2, code);
        Assert.Contains(named, stderr);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));
    }

    [Fact]
    public async Task TrainWithAModel_BeyondItsPositions_IsRefusedBeforeAnythingIsWritten()
    {
        Assert.Equal(0, (await Run("model", "init", "--layers", "1", "--hidden", "32", "--vocab", "300", "--out", "m")).Code);

        var (code, stderr) = await Run("train", "--model", "m", "--preset", "smoke", "--set", "policy.contextLength=9999", "--out", "run");

        Assert.Equal(2, code);
        Assert.Contains("max_position_embeddings (2048)", stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(Directory.Exists(Path.Combine(_root, "run")));
    }

    private async Task<(int Code, string Stderr)> Run(params string[] arguments)
    {
        var (code, _, stderr) = await RunWithOutput(arguments);
        return (code, stderr);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunWithOutput(params string[] arguments)
    {
        using var process = RlvrProcess.Start(arguments, _root);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
