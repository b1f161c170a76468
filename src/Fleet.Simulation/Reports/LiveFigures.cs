namespace Fleet.Simulation.Reports;

/// <summary>What only a live run measures: how it ran, Fleet's memory, the end-state checks, and a silo's death.</summary>
/// <param name="Compression">Time compression c: scenario seconds per wall second.</param>
/// <param name="Silos">Silos the run started.</param>
/// <param name="ArrivalJitterSeconds">Fleet's <c>Fleet:Throttle:ArrivalJitter</c>, EC2 seconds (the wall jitter × c).</param>
/// <param name="SettledAtSeconds">Scenario time at which the run settled (no pod waiting, every node Ready with no release proposed, Fleet quiet); later samples are the steady state.</param>
/// <param name="WallSeconds">Wall time from scenario time 0 until settled.</param>
/// <param name="DriverLateness">How late the engine delivered scenario events (joins, pod arrivals), scenario seconds: p50, p99, max.</param>
/// <param name="Reports">Demand reports the agents sent (one in flight per node, later demand folded into the next).</param>
/// <param name="ReportsFailed">Demand reports or reads that failed (e.g. to a dead silo) and were retried.</param>
/// <param name="Memory">Fleet's memory per node.</param>
/// <param name="Checks">The end state, EC2 against Fleet.</param>
/// <param name="SiloLoss">The silo killed mid-run, if any.</param>
public sealed record LiveFigures(
    double Compression,
    int Silos,
    double ArrivalJitterSeconds,
    double SettledAtSeconds,
    double WallSeconds,
    LatenessFigures DriverLateness,
    long Reports,
    long ReportsFailed,
    MemoryFigures Memory,
    EndStateChecks Checks,
    SiloLossFigures? SiloLoss);

/// <summary>Lateness of the engine's scenario events, scenario seconds.</summary>
/// <param name="P50">Median.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Latest.</param>
public sealed record LatenessFigures(double P50, double P99, double Max);

/// <summary>
/// Fleet's memory per node, measured in the run's process after a full blocking GC: the managed heap with every node
/// grain active and settled, minus the managed heap after every idle activation was deactivated
/// (<c>IManagementGrain.ForceActivationCollection</c>), divided by the node activations that went away. It counts
/// the node grains, their state, observers and Orleans' per-activation bookkeeping; not the persisted copy.
/// </summary>
/// <param name="PerNodeBytes">Managed bytes per node activation.</param>
/// <param name="HeapWithNodesBytes">Managed heap with the node activations.</param>
/// <param name="HeapWithoutNodesBytes">Managed heap after they were deactivated.</param>
/// <param name="NodeActivations">Node activations before collection.</param>
/// <param name="NodeActivationsCollected">Node activations collected.</param>
/// <param name="PersistedBytesPerNode">Serialized grain state in the shared store (standing in for Redis), per node.</param>
public sealed record MemoryFigures(
    double? PerNodeBytes, long HeapWithNodesBytes, long HeapWithoutNodesBytes, int NodeActivations, int NodeActivationsCollected, double PersistedBytesPerNode);

/// <summary>The end state: EC2's (the emulator's) against Fleet's.</summary>
/// <param name="NodesAtTarget">Active nodes Fleet reports Ready.</param>
/// <param name="ActiveNodes">Active nodes at the end.</param>
/// <param name="FleetEnis">ENIs tagged <c>fleet.io/cluster</c>.</param>
/// <param name="FleetEnisNotOnTheirNode">Of those, ENIs not attached to the instance their <c>fleet.io/node</c> tag names.</param>
/// <param name="AddressesOnTwoEnis">Addresses or /28 prefixes found on more than one ENI.</param>
/// <param name="AllocationsDifferingFromEc2">Nodes whose allocation (as Fleet reports it) differs from the prefixes and IPs EC2 holds for them.</param>
public sealed record EndStateChecks(int NodesAtTarget, int ActiveNodes, int FleetEnis, int FleetEnisNotOnTheirNode, int AddressesOnTwoEnis, int AllocationsDifferingFromEc2);

/// <summary>A silo killed mid-burst.</summary>
/// <param name="Silo">The silo's index (never 0, which holds the development membership table).</param>
/// <param name="KilledAtSeconds">Scenario time of the kill.</param>
/// <param name="NodesHosted">Node grains active on it at the kill.</param>
/// <param name="ThrottleGrainHosted">Whether the throttle grain lived there (its queue and model of EC2's buckets died with it).</param>
/// <param name="InterruptionSeconds">Scenario time from the kill until the last of those nodes' grains answered again.</param>
/// <param name="InterruptionWallSeconds">The same, wall seconds (membership detection is not compressed).</param>
/// <param name="NodesServedAgain">Of the nodes hosted there, how many answered again before the run ended.</param>
public sealed record SiloLossFigures(
    int Silo, double KilledAtSeconds, int NodesHosted, bool ThrottleGrainHosted, double InterruptionSeconds, double InterruptionWallSeconds, int NodesServedAgain);
