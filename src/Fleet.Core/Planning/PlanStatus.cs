namespace Fleet.Core.Planning;

/// <summary>Where a node stands after planning.</summary>
public enum PlanStatus
{
    /// <summary>An action is planned.</summary>
    Acting = 0,

    /// <summary>The node holds its target; nothing critical to do.</summary>
    TargetMet = 1,

    /// <summary>The node is short and no call can help now; <see cref="PlanLimit"/> says why.</summary>
    Blocked = 2,
}

/// <summary>Why a node cannot reach its target (or reach it fully).</summary>
public enum PlanLimit
{
    /// <summary>Nothing limits the node.</summary>
    None = 0,

    /// <summary>Every ENI slot and every IPv4 slot of the instance is used.</summary>
    InstanceOutOfInterfaces = 1,

    /// <summary>The node's subnets have no free addresses (or no free /28 and no free address).</summary>
    SubnetsExhausted = 2,

    /// <summary>Demand exceeds max-allocate (or the instance maximum).</summary>
    MaxAllocate = 3,

    /// <summary>The spec asks for prefixes on an instance type that cannot hold them.</summary>
    PrefixDelegationUnsupported = 4,
}
