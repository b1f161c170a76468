using System.Runtime.InteropServices;

namespace Fleet.Cli;

/// <summary>
/// Ctrl-C and SIGTERM as a cancellation the running command sees: the first one cancels its token, so a long command
/// (<c>load</c>, <c>watch</c>) stops, prints what it prints at the end and cleans up; a second one ends the process at
/// once. Without it a SIGTERM killed the process before the command heard of it.
/// </summary>
internal sealed class Termination : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Termination() => _registrations =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
    ];

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancellation.IsCancellationRequested)
        {
            return; // the second signal: let the runtime end the process
        }

        context.Cancel = true;
        _cancellation.Cancel();
    }
}
