namespace Fleet.Simulation.Runs;

/// <summary>Whether a call is one a node's capacity waits for, or housekeeping done from spare tokens.</summary>
public enum CallPath
{
    /// <summary>On the critical path: the node's new capacity waits for this call (for Cilium, Modify too).</summary>
    Critical = 0,

    /// <summary>Housekeeping: DeleteOnTermination after the capacity is usable, releases, garbage collection.</summary>
    Housekeeping = 1,

    /// <summary>A read (Describe*).</summary>
    Read = 2,
}
