using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Engine;

namespace Fleet.Simulation.Runs;

/// <summary>
/// A policy's only way to EC2: the emulator region's typed API, called at the instant the call reaches EC2 (where
/// the emulator applies it and decides throttling with EC2's per-action buckets), with the answer delivered after
/// the latency the emulator sampled — or never, when the emulator loses the response. Every call is recorded.
/// </summary>
public sealed class Ec2Link(Ec2Region region, EventLoop loop, RunRecorder recorder, string client)
{
    private readonly CallContext _context = new(client);

    /// <summary>The region (for the scenario's own set-up, never for a policy's calls).</summary>
    public Ec2Region Region => region;

    /// <summary>The event loop.</summary>
    public EventLoop Loop => loop;

    /// <summary>The run's recorder.</summary>
    public RunRecorder Recorder => recorder;

    /// <summary>Sends a call now; <paramref name="onAnswer"/> runs when the answer arrives.</summary>
    /// <param name="bucket">The action (and bucket) the call spends from, for counting.</param>
    /// <param name="path">Critical path, housekeeping or read.</param>
    /// <param name="node">The node the call is for (per-node counts), or null.</param>
    /// <param name="call">The region method to call.</param>
    /// <param name="onAnswer">What to do with the answer.</param>
    public void Send<T>(Ec2Action bucket, CallPath path, string? node, Func<Ec2Region, CallContext, Ec2Response<T>> call, Action<Ec2Response<T>> onAnswer)
        where T : class
    {
        var response = call(region, _context);
        recorder.Call(bucket, path, response.Result.OutcomeCode, node);
        if (!response.ResponseLost)
        {
            loop.After(response.Latency, () => onAnswer(response));
        }
    }
}
