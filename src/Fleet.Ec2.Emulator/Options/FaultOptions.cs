namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Faults for one action. Each rule fires on the next <see cref="FaultRule.Count"/> calls and then with
/// <see cref="FaultRule.Probability"/> per call. Throttled calls draw no fault.
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
