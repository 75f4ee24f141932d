using System.Globalization;
using Orleans.Rlvr.Cli.Commands;

namespace Orleans.Rlvr.Cli.Sweeps;

/// <summary>
/// The one process that drives a sweep on an embedded silo: an exclusive lock on <c>sweeps/&lt;id&gt;/.driver.lock</c>
/// under the checkpoint root, held while the command runs and released by the operating system when the process ends,
/// however it ends. A second <c>rlvr sweep</c> or <c>--attach</c> of the same sweep on the same root is refused at once
/// (two embedded silos stepping the same runs would race on their checkpoints).
/// </summary>
public sealed class SweepDriverLock : IDisposable
{
    private const string FileName = ".driver.lock";
    private const string PidFileName = ".driver.pid";   // the holder's process id, beside the lock (a locked file cannot be read)
    private readonly FileStream _stream;

    private SweepDriverLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the lock of <paramref name="sweepId"/> under <paramref name="runsRoot"/>, or throws naming the process that
    /// holds it. Attaching (<paramref name="create"/> false) to a sweep whose folder does not exist takes no lock and
    /// writes nothing (there is nothing to drive; the caller reports the unknown sweep).
    /// </summary>
    public static SweepDriverLock? Acquire(string runsRoot, string sweepId, bool create = true)
    {
        var folder = Path.Combine(runsRoot, "sweeps", sweepId);
        if (!create && !Directory.Exists(folder))
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(Path.Combine(folder, PidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new SweepDriverLock(stream);
        }
        catch (IOException)
        {
            string holder;
            try
            {
                holder = File.ReadAllText(Path.Combine(folder, PidFileName)).Trim();
            }
            catch (IOException)
            {
                holder = "";
            }

            throw new UsageException(
                $"sweep '{sweepId}' is already being driven by another rlvr process{(holder.Length > 0 ? $" (pid {holder})" : "")} on '{Path.GetFullPath(runsRoot)}'; follow it with: rlvr status {sweepId}");
        }
    }

    public void Dispose() => _stream.Dispose();
}
