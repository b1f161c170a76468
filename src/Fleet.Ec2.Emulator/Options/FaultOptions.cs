namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Faults for one action (key: its name, or <c>*</c> for every action), or for every call that touches a zone or a
/// subnet (key <c>zone:us-east-1a</c> or <c>subnet:subnet-…</c>: a call naming an instance, ENI, attachment or subnet
/// there, or a describe whose answer holds one). Each rule fires on the next <see cref="FaultRule.Count"/> calls and
/// then with <see cref="FaultRule.Probability"/> per call. Throttled calls draw no fault.
/// </summary>
public sealed class ActionFaultOptions
{
    /// <summary>Answer HTTP 500 <c>InternalError</c> without doing anything.</summary>
    public FaultRule? InternalError { get; set; }

    /// <summary>Answer HTTP 503 <c>Unavailable</c> without doing anything.</summary>
    public FaultRule? Unavailable { get; set; }

    /// <summary>Add <see cref="LatencySpikeRule.Extra"/> to the call's latency.</summary>
    public LatencySpikeRule? LatencySpike { get; set; }

    /// <summary>Apply the call, then close the connection without a response.</summary>
    public FaultRule? ResponseLost { get; set; }

    /// <summary>
    /// Describes only: answer as EC2 does before the resources were visible (eventual consistency: a just-launched
    /// instance, a new ENI): an empty page, HTTP 200.
    /// </summary>
    public FaultRule? NotVisible { get; set; }

    /// <summary>
    /// Do nothing and hold the answer (HTTP 503 <c>Unavailable</c>) for <see cref="TimeoutRule.After"/>: a client whose
    /// own timeout is shorter sees a timeout.
    /// </summary>
    public TimeoutRule? Timeout { get; set; }

    /// <summary>
    /// How long (EC2 time) these rules keep firing after the fault table was set; then they heal on their own. Null
    /// (default): until the table is replaced. Example: <c>"3m"</c> impairs a zone for three minutes.
    /// </summary>
    public TimeSpan? For { get; set; }
}

/// <summary>When a fault fires.</summary>
public class FaultRule
{
    /// <summary>Chance per call, 0–1. Default 0.</summary>
    public double Probability { get; set; }

    /// <summary>Fire on this many next calls, then fall back to <see cref="Probability"/>. Default 0.</summary>
    public int Count { get; set; }
}

/// <summary>A latency spike.</summary>
public sealed class LatencySpikeRule : FaultRule
{
    /// <summary>Latency added when the spike fires (before time compression). Default 5 s.</summary>
    public TimeSpan Extra { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>A call that hangs.</summary>
public sealed class TimeoutRule : FaultRule
{
    /// <summary>How long the call hangs before its 503 (before time compression). Default 30 s.</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromSeconds(30);
}
