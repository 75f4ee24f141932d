using System.Diagnostics;
using System.Security.Cryptography;

namespace Orleans.Rlvr.Cli.Tests.Commands;

/// <summary>
/// Every bad input a user may give, run through the real <c>rlvr</c> executable in a fresh working folder: each must
/// exit with code 2 and one message naming the flag, setting, file or field and what is allowed — no stack trace, no
/// .NET type name — and leave the folder exactly as it was (nothing written, nothing started).
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string File = "{file}";
    private const string Folder = "{folder}";

    private readonly string _root = Directory.CreateTempSubdirectory("rlvr-bad-input-").FullName;

    /// <summary>(arguments, environment as NAME=value;NAME=value, a fragment the message must contain).</summary>
    public static TheoryData<string[], string, string> Cases => new()
    {
        // Empty or impossible sweep ids: refused before any silo starts (these crashed with exit 134).
        { ["status", ""], "", "sweep: ''" },
        { ["results", ""], "", "sweep: ''" },
        { ["cancel", " "], "", "sweep: ' '" },
        { ["sweep", "--attach", ""], "", "--attach: ''" },
        { ["status", "../runs"], "", "sweep: '../runs'" },
        { ["results", "a", "/etc"], "", "sweep: '/etc'" },

        // Unknown names.
        { ["train", "--task", "chess"], "", "task: unknown name 'chess'" },
        { ["sweep", "--task", "chess", "--preset", "smoke"], "", "task: unknown name 'chess'" },
        { ["train", "--preset", "huge"], "", "preset: unknown name 'huge'" },
        { ["sweep", "--preset", "huge"], "", "preset: unknown preset 'huge'" },
        { ["train", "--aggregator", "mean", "--preset", "smoke"], "", "unknown aggregator 'mean'" },
        { ["sweep", "--aggregators", "grpo,mean", "--preset", "smoke"], "", "aggregators: unknown aggregator 'mean'" },
        { ["train", "--advantages", "ppo", "--preset", "smoke"], "", "unknown" },

        // Output paths, checked before any work (these failed after a warm start or a whole sweep).
        { ["train", "--out", File, "--preset", "smoke"], "", "--out: '{file}' is a file" },
        { ["train", "--out", File + "/run", "--preset", "smoke"], "", "--out: '{file}' is a file, so no folder" },
        { ["sweep", "--out", File, "--preset", "smoke"], "", "--out: '{file}' is a file" },
        { ["results", "some-sweep", "--csv", Folder], "", "--csv: '{folder}' is a folder" },
        { ["results", "some-sweep", "--plots", File], "", "--plots: '{file}' is a file" },
        { ["results", "some-sweep", "--out", File], "", "--out: '{file}' is a file" },
        { ["variance", "--plots", File], "", "--plots: '{file}' is a file" },

        // Settings from the environment or appsettings.json (these crashed with exit 134).
        { ["train", "--preset", "smoke"], "RLVR_Torch__Threads=abc", "Torch:Threads: 'abc' is not an integer" },
        { ["sweep", "--preset", "smoke"], "RLVR_Rlvr__RolloutWorkers=0", "Rlvr:RolloutWorkers must be in [1, 4096]" },
        { ["sweep", "--preset", "smoke"], "RLVR_Rlvr__ReminderPeriod=abc", "Rlvr:ReminderPeriod: 'abc' is not a duration" },
        { ["sweep", "--preset", "smoke"], "RLVR_Storage__Provider=Bogus", "Storage:Provider" },
        { ["status", "x", "--connect"], "RLVR_Cluster__Clustering=Bogus", "Cluster:Clustering: unknown value 'Bogus'" },
        { ["status", "x", "--connect"], "RLVR_Cluster__ConnectTimeout=00:00:02;RLVR_Cluster__Gateways__0=1", "--connect: no cluster answered" },
        { ["silos"], "RLVR_Cluster__ConnectTimeout=00:00:02;RLVR_Cluster__Gateways__0=1", "--connect: no cluster answered" },
        { ["status", "x", "--connect"], "RLVR_Cluster__ConnectTimeout=-00:00:01", "Cluster:ConnectTimeout must be in (0, 01:00:00]" },
        { ["train", "--preset", "smoke"], "RLVR_Torch__Device=cuda", "CUDA is not available" },
        { ["sweep", "--preset", "smoke"], "RLVR_Torch__Device=cuda", "CUDA is not available" },
        { ["train", "--preset", "smoke"], "RLVR_Torch__Device=tpu", "Torch:Device 'tpu' is not a device name" },
        { ["train", "--preset", "smoke"], "APPSETTINGS={ \"Torch\": { \"Threads\": 1, }", "appsettings.json: not valid JSON" },

        // Flags that do not go together, or would be silently ignored.
        { ["train", "--aggregator", "grpo", "--alpha", "0.5", "--preset", "smoke"], "", "--alpha: grpo does not take α" },
        { ["sweep", "--aggregators", "grpo,dapo", "--alpha", "0.5", "--preset", "smoke"], "", "--alpha: none of the aggregators (grpo, dapo) takes α" },
        { ["train", "--resume", Folder, "--seed", "3"], "", "--resume: the run's options come from its checkpoint; drop --seed" },
        { ["train", "--resume", Folder, "--set", "ppo.learningRate=1"], "", "drop --set" },
        { ["train", "--resume", Folder], "", "--resume: no complete checkpoint" },
        { ["sweep", "--detach", "--preset", "smoke"], "", "--detach" },
        { ["variance", "--checkpoint", Folder, "--preset", "smoke"], "", "--checkpoint and --preset" },

        // Numbers out of range.
        { ["train", "--seed", "-1", "--preset", "smoke"], "", "--seed must be ≥ 1" },
        { ["train", "--steps", "0", "--preset", "smoke"], "", "--steps must be in [1, 1000000]" },
        { ["train", "--alpha", "2", "--preset", "smoke"], "", "aggregation.alpha must be in [0, 1]" },
        { ["train", "--set", "rollout.topP=0", "--preset", "smoke"], "", "rollout.topP must be in (0, 1]" },
        { ["train", "--set", "rollout.groupSize=1", "--preset", "smoke"], "", "rollout.groupSize must be in [2, 1024]" },
        { ["train", "--set", "ppo.learningRate=-1", "--preset", "smoke"], "", "ppo.learningRate" },
        { ["train", "--set", "rollout.maxResponseLength=1000", "--preset", "smoke"], "", "exceeds policy.contextLength (128)" },
        { ["train", "--set", "nosuch.path=1", "--preset", "smoke"], "", "unknown option 'nosuch.path'" },
        { ["train", "--set", "ppo.learningRate", "--preset", "smoke"], "", "path=value" },
        { ["sweep", "--set", "rollout.maxResponseLength=1000", "--preset", "smoke"], "", "exceeds policy.contextLength (128)" },
        { ["sweep", "--seeds", "0", "--preset", "smoke"], "", "--seeds: '0' is not a seed ≥ 1" },
        { ["sweep", "--seeds", "1-3,2", "--preset", "smoke"], "", "--seeds: seed 2 is given twice" },
        { ["sweep", "--seeds", "x", "--preset", "smoke"], "", "--seeds: 'x' is not a seed or a range" },
        { ["sweep", "--aggregators", "grpo,grpo", "--preset", "smoke"], "", "aggregators: 'grpo' is listed twice" },
        { ["sweep", "--alpha", "1.5", "--preset", "smoke"], "", "--alpha: 1.5 is outside" },
        { ["sweep", "--max-concurrent", "0", "--preset", "smoke"], "", "maxConcurrentRuns" },
        { ["sweep", "--steps", "0", "--preset", "smoke"], "", "steps: 0 is outside [1, 1000000]" },
        { ["sweep", "--vary", "ppo.learningRate=", "--preset", "smoke"], "", "--vary" },
        { ["results", "some-sweep", "--threshold", "2"], "", "--threshold: 2 is not an accuracy in (0, 1]" },
        { ["variance", "--samples", "0"], "", "samples must be in [16, 1048576] (got 0)." },
        { ["task-stats", "--k", "0"], "", "--k must be in [1, 256]" },

        // Files the user wrote: a sweep spec and a loss batch.
        { ["sweep", "--spec", "spec-seeds.json"], "", "seeds: every seed must be ≥ 1 (got -5, 0)" },
        { ["sweep", "--spec", "spec-type.json"], "", "$.aggregators: expected an array" },
        { ["sweep", "--spec", "spec-unknown.json"], "", "$.seedz: unknown field 'seedz'" },
        { ["sweep", "--spec", "spec-case.json"], "", "'preset' and 'Preset' both given" },
        { ["sweep", "--spec", "spec-syntax.json"], "", "(line 1, column" },
        { ["sweep", "--spec", "missing.json"], "", "--spec: cannot read" },
        { ["sweep", "--spec", Folder], "", "--spec: '{folder}' is a folder" },
        { ["loss", "--input", Folder], "", "--input: '{folder}' is a folder" },
        { ["loss", "--input", "batch-empty-rows.json"], "", "tokenLosses[0]: an empty row" },
        { ["loss", "--input", "batch-case.json"], "", "'maxLength' and 'MaxLength' both given" },
        { ["loss", "--input", "batch-type.json"], "", "$.maxLength: expected an integer" },
        { ["loss", "--input", "batch-mask.json"], "", "mask[0][0]: must be 0 or 1" },
        { ["loss", "--input", "batch-nan.json"], "", "tokenLosses[0][0]: NaN in a counted slot" },
    };

    public BadInputTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "folder"));
        System.IO.File.WriteAllText(Path.Combine(_root, "file.txt"), "not a folder");
        System.IO.File.WriteAllText(Path.Combine(_root, "spec-seeds.json"), """{ "preset": "smoke", "seeds": [-5, 0] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "spec-type.json"), """{ "preset": "smoke", "aggregators": "grpo" }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "spec-unknown.json"), """{ "preset": "smoke", "seedz": [1] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "spec-case.json"), """{ "preset": "smoke", "Preset": "demo" }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "spec-syntax.json"), """{ "preset": "smoke" "seeds": [1] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "batch-empty-rows.json"), """{ "maxLength": 4, "tokenLosses": [[], []], "mask": [[], []] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "batch-case.json"), """{ "maxLength": 4, "MaxLength": 5, "tokenLosses": [[1]] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "batch-type.json"), """{ "maxLength": "four", "tokenLosses": [[1]] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "batch-mask.json"), """{ "maxLength": 4, "tokenLosses": [[1]], "mask": [[2]] }""");
        System.IO.File.WriteAllText(Path.Combine(_root, "batch-nan.json"), """{ "maxLength": 4, "tokenLosses": [["NaN"]], "mask": [[1]] }""");
    }

    [Fact]
    public void TheCasesAreAtLeastFifty()
    {
        Assert.True(Cases.Count >= 50, $"{Cases.Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_ExitsWithTwo_NamesWhatIsWrong_AndChangesNothingOnDisk(string[] arguments, string environment, string fragment)
    {
        var file = Path.Combine(_root, "file.txt");
        var folder = Path.Combine(_root, "folder");
        string Fill(string text) => text.Replace(File, file, StringComparison.Ordinal).Replace(Folder, folder, StringComparison.Ordinal);
        var variables = environment.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v[1]);
        if (variables.Remove("APPSETTINGS", out var appsettings))
        {
            System.IO.File.WriteAllText(Path.Combine(_root, "appsettings.json"), appsettings);
        }

        var before = Snapshot(_root);
        var (code, stdout, stderr) = RunRlvr(arguments.Select(Fill).ToArray(), variables, _root);

        Assert.True(code == 2, $"exit {code}, expected 2\nstderr:\n{stderr}\nstdout:\n{stdout}");
        Assert.Contains(Fill(fragment), stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: ", stderr.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter '", stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_root));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Every file under <paramref name="root"/> with its length and SHA-256, and every folder.</summary>
    private static string Snapshot(string root) => string.Join('\n',
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Directory.Exists(path)
                ? $"{Path.GetRelativePath(root, path)}/"
                : $"{Path.GetRelativePath(root, path)} {new FileInfo(path).Length} {Convert.ToHexString(SHA256.HashData(System.IO.File.ReadAllBytes(path)))}"));

    private static (int Code, string Stdout, string Stderr) RunRlvr(string[] arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        using var process = RlvrProcess.Start(arguments, workingDirectory, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rlvr {string.Join(' ', arguments)} did not exit within 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
