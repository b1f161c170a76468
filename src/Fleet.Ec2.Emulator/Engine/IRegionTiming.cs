namespace Fleet.Ec2.Emulator.Engine;

/// <summary>The engine's asynchronous delays, sampled per event (already divided by the time compression).</summary>
internal interface IRegionTiming
{
    /// <summary>From AttachNetworkInterface to <c>attached</c>.</summary>
    TimeSpan AttachCompletion();

    /// <summary>From DetachNetworkInterface to detached.</summary>
    TimeSpan DetachCompletion();

    /// <summary>How long a new ENI stays invisible to Describe* (zero when eventual consistency is off).</summary>
    TimeSpan ConsistencyLag();
}
