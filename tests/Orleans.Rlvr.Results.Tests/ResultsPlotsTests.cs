using System.Buffers.Binary;

namespace Orleans.Rlvr.Results.Tests;

public sealed class ResultsPlotsTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Directory.CreateTempSubdirectory("rlvr-plots-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_ProducesTheFixedCurvesAsPngFiles()
    {
        var folder = Path.Combine(_directory, "results");

        var paths = ResultsPlots.Write(folder, SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports));

        Assert.Equal(["accuracy.png", "reward.png", "response_length.png", "grad_norm.png", "entropy.png", "ppo_kl.png", "clip_fraction.png", "length_spread.png"], paths.Select(Path.GetFileName));
        Assert.All(paths, p => Assert.Equal(folder, Path.GetDirectoryName(p)));
        Assert.Equal(paths.Select(Path.GetFileName).Order(StringComparer.Ordinal), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_EachFileIsANonTrivial960By540Png()
    {
        var paths = ResultsPlots.Write(_directory, SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports));

        Assert.Equal(ResultsPlots.FixedFiles.Count, paths.Count);
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 10_000, $"{Path.GetFileName(path)} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes.Take(8));
            // The IHDR chunk follows the signature: length, "IHDR", width, height (big-endian).
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(960, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
            Assert.Equal(540, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        }
    }

    [Fact]
    public void Write_WithData_DrawsMoreThanTheSamePlotsOfAnEmptySweep()
    {
        var drawn = ResultsPlots.Write(Path.Combine(_directory, "drawn"), SweepSummary.From(SampleSweep.SweepId, SampleSweep.Reports));
        var empty = ResultsPlots.Write(Path.Combine(_directory, "empty"), new SweepSummary(SampleSweep.SweepId, []));

        foreach (var i in new[] { 0, 1, 2, 3, 4 })   // the curves the sample sweep has data for
        {
            long drawnSize = new FileInfo(drawn[i]).Length, emptySize = new FileInfo(empty[i]).Length;
            Assert.True(drawnSize > emptySize, $"{Path.GetFileName(drawn[i])}: {drawnSize} bytes with curves, {emptySize} without");
        }
    }

    [Fact]
    public void Write_ForASweepWithoutData_StillWritesTheFixedFiles()
    {
        var paths = ResultsPlots.Write(_directory, new SweepSummary("empty", []));

        Assert.Equal(ResultsPlots.FixedFiles.Count, paths.Count);
        Assert.All(paths, p => Assert.Equal(PngSignature, File.ReadAllBytes(p).Take(8)));
    }

    [Fact]
    public void Write_DrawsOneCurvePerEvaluationDiagnosticOfTheTask()
    {
        var report = SampleSweep.Reports[0];
        var evaluations = report.Evaluations.Select(e => e with { Diagnostics = new Dictionary<string, double> { ["countdown/false_found"] = 0.5 + e.Step / 100.0 } }).ToArray();

        var paths = ResultsPlots.Write(_directory, SweepSummary.From("one", [report with { Evaluations = evaluations }]));

        Assert.Equal("eval_countdown_false_found.png", Path.GetFileName(paths[^1]));
        Assert.Equal(ResultsPlots.FixedFiles.Count + 1, paths.Count);
    }
}
