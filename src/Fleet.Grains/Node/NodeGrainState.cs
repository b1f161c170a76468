using Fleet.Core.Model;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;

namespace Fleet.Grains.Node;

/// <summary>
/// What a node grain persists: the durable part of its <see cref="Core.Node.NodeMemory"/> (mapped both ways by
/// <see cref="NodeStateMapping"/>). EC2 is the source of truth: on activation the grain re-reads its ENIs before acting;
/// what is kept here is what EC2 cannot tell — the agent's demand, the spec, the intent of a call in flight (so a
/// crash mid-call is repaired, and a retried create returns the same ENI), and a pending release handshake. Typed
/// values throughout; the field ids and the stored forms are Fleet 0.1's (enums are stored by name, the spec in its
/// wire layout), so state written by 0.1 reads back (<c>StateCompatibilityTests</c>).
/// </summary>
[GenerateSerializer, Alias("fleet.NodeGrainState")]
public sealed class NodeGrainState
{
    [Id(0)] public InstanceRecord? Instance { get; set; }

    [Id(1)] public NodeSpec Spec { get; set; } = NodeSpec.Default;

    [Id(2)] public List<EniRecord> Enis { get; set; } = [];

    [Id(3)] public DemandRecord? Demand { get; set; }

    /// <summary>The mutating call in flight, persisted before it is sent.</summary>
    [Id(4)] public IntentRecord? Intent { get; set; }

    [Id(5)] public ReleaseRecord? Release { get; set; }

    [Id(6)] public ErrorRecord? LastError { get; set; }

    /// <summary>Counts intents, so client tokens are unique per node and stable across crashes.</summary>
    [Id(7)] public long IntentSequence { get; set; }

    [Id(8)] public Dictionary<Ec2Action, long> Calls { get; set; } = [];

    /// <summary>When the node last became short (for time-to-capacity), or null when it is not.</summary>
    [Id(9)] public DateTimeOffset? ShortSince { get; set; }

    [Id(10)] public long Version { get; set; }

    [Id(11)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Whether EC2 said the instance does not exist (or is terminated).</summary>
    [Id(12)] public bool InstanceGone { get; set; }

    /// <summary>ENIs created for this node that it gave up attaching; the janitor deletes them.</summary>
    [Id(13)] public List<string> Abandoned { get; set; } = [];

    /// <summary>
    /// The prefixes and IPs most recently released (at most 64), so an agent's late acknowledgement of one is known to
    /// be stale rather than foreign — also after the grain moved to another silo.
    /// </summary>
    [Id(14)] public List<string> Released { get; set; } = [];

    /// <summary>How the node's demand has been growing (the lookahead's inputs), so a grain that moves keeps sizing ahead.</summary>
    [Id(15)] public TrendRecord? Trend { get; set; }

    /// <summary>What a provisioner launched the node for, while it holds (added after 0.1: absent in older state).</summary>
    [Id(16)] public PodIntentRecord? PodIntent { get; set; }

    /// <summary>The node's own peak demand and what it recorded in its group's history (absent in older state: a young node).</summary>
    [Id(17)] public PeakRecord? Peak { get; set; }
}

/// <summary>A provisioner's intent: pods the node was launched for, and when it was declared.</summary>
[GenerateSerializer, Alias("fleet.PodIntentRecord")]
public sealed class PodIntentRecord
{
    [Id(0)] public int Pods { get; set; }

    [Id(1)] public DateTimeOffset At { get; set; }
}

/// <summary>A node's peak demand: the highest seen, when it last rose, and the peak recorded in the group's history.</summary>
[GenerateSerializer, Alias("fleet.PeakRecord")]
public sealed class PeakRecord
{
    [Id(0)] public int Pods { get; set; }

    [Id(1)] public DateTimeOffset RoseAt { get; set; }

    /// <summary>The peak recorded in the group's history, or null while the node is young.</summary>
    [Id(2)] public int? RecordedPods { get; set; }

    [Id(3)] public DateTimeOffset? RecordedAt { get; set; }
}

/// <summary>A node's demand trend: the growth rate, the last report and the lowest demand within the trend window.</summary>
[GenerateSerializer, Alias("fleet.TrendRecord")]
public sealed class TrendRecord
{
    /// <summary>Addresses per second.</summary>
    [Id(0)] public double GrowthPerSecond { get; set; }

    /// <summary>When the last report was seen, seconds since the Unix epoch on the allocator's clock.</summary>
    [Id(1)] public double LastSeconds { get; set; }

    /// <summary>Its used + pending.</summary>
    [Id(2)] public int LastTotal { get; set; }

    /// <summary>When the lowest demand within the window was seen.</summary>
    [Id(3)] public double LowSeconds { get; set; }

    /// <summary>That demand.</summary>
    [Id(4)] public int LowTotal { get; set; }
}

/// <summary>The instance facts and its type's limits.</summary>
[GenerateSerializer, Alias("fleet.InstanceRecord")]
public sealed class InstanceRecord
{
    [Id(0)] public string InstanceType { get; set; } = string.Empty;

    [Id(1)] public string AvailabilityZone { get; set; } = string.Empty;

    [Id(2)] public string VpcId { get; set; } = string.Empty;

    [Id(3)] public string SubnetId { get; set; } = string.Empty;

    [Id(4)] public string Hypervisor { get; set; } = string.Empty;

    [Id(5)] public bool BareMetal { get; set; }

    [Id(6)] public int MaxInterfaces { get; set; }

    [Id(7)] public int Ipv4PerInterface { get; set; }

    [Id(8)] public int DefaultNetworkCard { get; set; }

    /// <summary>Per-card interface limits as "index:max" pairs.</summary>
    [Id(9)] public List<int[]> NetworkCards { get; set; } = [];
}

/// <summary>An ENI as last seen in EC2 (or as the call that changed it returned).</summary>
[GenerateSerializer, Alias("fleet.EniRecord")]
public sealed class EniRecord
{
    [Id(0)] public string Id { get; set; } = string.Empty;

    [Id(1)] public string SubnetId { get; set; } = string.Empty;

    [Id(2)] public string PrimaryIp { get; set; } = string.Empty;

    [Id(3)] public List<string> SecondaryIps { get; set; } = [];

    [Id(4)] public List<string> Prefixes { get; set; } = [];

    [Id(5)] public List<string> SecurityGroups { get; set; } = [];

    [Id(6)] public Dictionary<string, string> Tags { get; set; } = [];

    [Id(7)] public string? AttachmentId { get; set; }

    [Id(8)] public int DeviceIndex { get; set; } = -1;

    [Id(9)] public int NetworkCard { get; set; }

    [Id(10)] public bool DeleteOnTermination { get; set; }

    /// <summary>When this node created the ENI (kept through describes that do not show it yet: EC2 is eventually consistent).</summary>
    [Id(11)] public DateTimeOffset? CreatedAt { get; set; }
}

/// <summary>The demand last reported.</summary>
[GenerateSerializer, Alias("fleet.DemandRecord")]
public sealed class DemandRecord
{
    [Id(0)] public int Used { get; set; }

    [Id(1)] public int Pending { get; set; }

    /// <summary>Addresses in use, or null when the agent did not say (then nothing is ever released).</summary>
    [Id(2)] public List<string>? InUse { get; set; }

    [Id(3)] public DateTimeOffset ReportedAt { get; set; }
}

/// <summary>A mutating call persisted before it is sent.</summary>
[GenerateSerializer, Alias("fleet.IntentRecord")]
public sealed class IntentRecord
{
    /// <summary>The EC2 action.</summary>
    [Id(0)] public Ec2Action Action { get; set; }

    [Id(1)] public string? EniId { get; set; }

    [Id(2)] public string? SubnetId { get; set; }

    /// <summary>Prefixes or IPs (Assign and Create).</summary>
    [Id(3)] public AddressKind? Kind { get; set; }

    [Id(4)] public int Count { get; set; }

    [Id(5)] public int DeviceIndex { get; set; }

    [Id(6)] public int NetworkCard { get; set; }

    [Id(7)] public List<string> SecurityGroups { get; set; } = [];

    [Id(8)] public List<string> Prefixes { get; set; } = [];

    [Id(9)] public List<string> Ips { get; set; } = [];

    [Id(10)] public string? AttachmentId { get; set; }

    /// <summary>The CreateNetworkInterface client token: the same on every retry of this intent.</summary>
    [Id(11)] public string? ClientToken { get; set; }

    [Id(12)] public DateTimeOffset CreatedAt { get; set; }

    [Id(13)] public int Attempts { get; set; }
}

/// <summary>A release proposed to the agent.</summary>
[GenerateSerializer, Alias("fleet.ReleaseRecord")]
public sealed class ReleaseRecord
{
    [Id(0)] public string EniId { get; set; } = string.Empty;

    [Id(1)] public List<string> Prefixes { get; set; } = [];

    [Id(2)] public List<string> Ips { get; set; } = [];

    [Id(3)] public DateTimeOffset ProposedAt { get; set; }

    /// <summary>When the agent confirmed it will not use these addresses; null until then.</summary>
    [Id(4)] public DateTimeOffset? AckedAt { get; set; }
}

/// <summary>The last EC2 error the node met.</summary>
[GenerateSerializer, Alias("fleet.ErrorRecord")]
public sealed class ErrorRecord
{
    [Id(0)] public Ec2Action Action { get; set; }

    [Id(1)] public string Code { get; set; } = string.Empty;

    [Id(2)] public string Message { get; set; } = string.Empty;

    [Id(3)] public DateTimeOffset At { get; set; }
}
