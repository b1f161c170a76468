using System.Runtime;

namespace Fleet.Simulation.Engine;

/// <summary>
/// The garbage collector's batch mode while a simulation runs: the engine is one thread computing as fast as it can,
/// so a background collection only spends a second core on what a blocking one does on the first (BENCHMARKS.md, engine
/// speed). Counted, so runs that overlap (tests) leave the process as it was once the last one ends.
/// </summary>
internal static class BatchCollection
{
    private static readonly Lock Gate = new();
    private static int s_runs;
    private static GCLatencyMode s_before;

    /// <summary>Enters batch mode until the returned scope is disposed.</summary>
    public static IDisposable Enter()
    {
        lock (Gate)
        {
            if (s_runs++ == 0)
            {
                s_before = GCSettings.LatencyMode;
                GCSettings.LatencyMode = GCLatencyMode.Batch;
            }
        }

        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            lock (Gate)
            {
                if (--s_runs == 0)
                {
                    GCSettings.LatencyMode = s_before;
                }
            }
        }
    }
}
