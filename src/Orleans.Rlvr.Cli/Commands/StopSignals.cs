using System.Runtime.InteropServices;

namespace Orleans.Rlvr.Cli.Commands;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM (what Slurm, <c>timeout</c>, <c>docker stop</c> and CI send) ask a long command to stop
/// the same way: the token is cancelled, the command finishes its current step, saves its state and says how to resume,
/// and exits with 128 + the signal's number (130 or 143). While <c>deferrable</c> says false (nothing worth saving yet,
/// e.g. during a warm start), and for a second signal after the first, the signal keeps its default effect and ends
/// the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(Func<bool>? deferrable = null)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, 130, deferrable)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, 143, deferrable)),
        ];
    }

    /// <summary>Cancelled when a stop was asked for.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM; 0 while no stop was asked for.</summary>
    public int ExitCode { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Handle(PosixSignalContext context, int exitCode, Func<bool>? deferrable)
    {
        if ((deferrable is not null && !deferrable()) || ExitCode != 0)
        {
            return;   // nothing to save yet, or a second signal: its default effect ends the process at once
        }

        context.Cancel = true;
        ExitCode = exitCode;
        _stop.Cancel();
    }
}
