using System.Text;
using System.Text.Json;
using Orleans.Rlvr.Runs;
using Orleans.Rlvr.Training.Engine;
using Orleans.Rlvr.Training.Logs;
using Orleans.Rlvr.Training.Tasks;
using TorchSharp;

namespace Orleans.Rlvr.Training.Tests.Logs;

public sealed class RunLogsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-logs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static RunOptions Small => TrainingPresets.Get("smoke") with
    {
        Steps = 4,
        Checkpointing = new CheckpointingOptions { Every = 1 },
        Evaluation = new EvaluationOptions { Every = 2, Prompts = 4, Samples = 2 },
        WarmStart = new WarmStartOptions { Steps = 8, BatchSize = 8 },
    };

    [Fact]
    public void Crc32C_OfTheStandardCheckString_IsE3069283()
    {
        var check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, TensorBoardEventFile.Crc32C(check));
        Assert.Equal(0xE3069283u, TfEventReader.Crc32C(check));
    }

    [Fact]
    public void EventFile_ReadsBackAsAVersionRecordThenOneEventPerStepWithEveryScalar()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
        string path;
        using (var file = TensorBoardEventFile.Create(_root, time))
        {
            file.WriteScalars(1, time, [new("actor/pg_loss", -0.125), new("critic/score/mean", 0.5)]);
            file.WriteScalars(300, time.AddSeconds(2), [new("val-core/countdown/acc/mean@4", 0.1)]);
            path = file.Path;
        }

        Assert.StartsWith("events.out.tfevents.1700000000.", Path.GetFileName(path));
        var events = TfEventReader.Read(path);
        Assert.Equal(3, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(1_700_000_000.25, events[0].WallTime);
        Assert.Equal(1L, events[1].Step);
        Assert.Equal([("actor/pg_loss", -0.125f), ("critic/score/mean", 0.5f)], events[1].Scalars);
        Assert.Equal(300L, events[2].Step);
        Assert.Equal([("val-core/countdown/acc/mean@4", 0.1f)], events[2].Scalars);
        Assert.Equal(1_700_000_002.25, events[2].WallTime);
    }

    [Fact]
    public void TheTestReader_DecodesTorchSharpsOwnSummaryWriter()
    {
        // The reader is checked against an implementation it shares nothing with, so the round trip above cannot
        // pass by writer and reader agreeing on the same mistake.
        var folder = Path.Combine(_root, "torchsharp");
        var writer = torch.utils.tensorboard.SummaryWriter(folder);
        writer.add_scalar("loss", 0.75f, 3);
        writer.add_scalar("loss", 0.5f, 4);
        var file = Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*", SearchOption.AllDirectories));

        var scalars = TfEventReader.Read(file).Where(e => e.Scalars.Count > 0).Select(e => (e.Step, e.Scalars.Single())).ToArray();

        Assert.Equal([(3L, ("loss", 0.75f)), (4L, ("loss", 0.5f))], scalars);
    }

    [Fact]
    public void TrainedRun_LogsStepZeroAndEveryStepOnce_InJsonLinesAndTensorBoard()
    {
        var folder = Path.Combine(_root, "run");
        var result = new Trainer(Small, RlvrTasks.Create(Small), torch.CPU, folder).Run();

        AssertLogsMatch(folder, result);
        var evaluated = JsonLines(folder).Single(l => l.Step == 2).Data;
        Assert.Equal(result.Evaluations.Single(e => e.Step == 2).AverageAtK, evaluated[MetricNames.ValidationMeanAtK("countdown", 2)]);
    }

    [Fact]
    public void RunResumedAfterLosingItsNewestCheckpoints_LogsTheRedoneStepsOnce()
    {
        var folder = Path.Combine(_root, "run");
        var task = RlvrTasks.Create(Small);
        new Trainer(Small, task, torch.CPU, folder).Run();
        Assert.Equal(5, JsonLines(folder).Count);

        // A crash after steps 3 and 4 were logged but before their checkpoints were durable: the run resumes at 2.
        foreach (var lost in new[] { "step-000003", "step-000004" })
        {
            Directory.Delete(Path.Combine(folder, "checkpoints", lost), recursive: true);
        }

        var resumed = new Trainer(Small, task, torch.CPU, folder).Run();

        Assert.Equal(4, resumed.Steps);
        AssertLogsMatch(folder, resumed);
    }

    private static void AssertLogsMatch(string folder, TrainingResult result)
    {
        var lines = JsonLines(folder);
        Assert.Equal([0, 1, 2, 3, 4], lines.Select(l => l.Step));
        Assert.Equal(result.Evaluations[0].AverageAtK, lines[0].Data[MetricNames.ValidationMeanAtK("countdown", 2)]);
        for (var step = 1; step <= 4; step++)
        {
            var expected = result.Metrics[step - 1].Values;
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), lines[step].Data.Keys);
            foreach (var (key, value) in expected)
            {
                Assert.Equal(double.IsFinite(value) ? value : null, lines[step].Data[key]);
            }
        }

        var events = TfEventReader.Read(Assert.Single(Directory.GetFiles(folder, "events.out.tfevents.*")));
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal([0L, 1, 2, 3, 4], events.Skip(1).Select(e => e.Step));
        for (var step = 1; step <= 4; step++)
        {
            var expected = result.Metrics[step - 1].Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, (float)v.Value));
            Assert.Equal(expected, events[step + 1].Scalars);
        }
    }

    private static List<(int Step, Dictionary<string, double?> Data)> JsonLines(string folder) =>
        File.ReadAllLines(Path.Combine(folder, RunLogs.MetricsFile)).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            var data = document.RootElement.GetProperty("data").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (double?)null : p.Value.GetDouble());
            return (document.RootElement.GetProperty("step").GetInt32(), data);
        }).ToList();
}
