using System.Collections.Immutable;
using Fleet.Core.Catalog;

namespace Fleet.Core.Model;

/// <summary>A node as Fleet sees it: its instance facts and its ENIs (attached, or created and awaiting attach).</summary>
/// <param name="InstanceId">The EC2 instance id.</param>
/// <param name="Limits">The instance type's ENI limits.</param>
/// <param name="AvailabilityZone">The instance's availability zone.</param>
/// <param name="VpcId">The instance's VPC.</param>
/// <param name="NodeSubnetId">The subnet of the instance's primary ENI.</param>
/// <param name="Enis">Every ENI of the node, eth0 included.</param>
public sealed record NodeState(
    string InstanceId,
    InstanceLimits Limits,
    string AvailabilityZone,
    string VpcId,
    string NodeSubnetId,
    ImmutableArray<Eni> Enis)
{
    // What plans, standings and the agent's view read of the ENI list on every step, worked out once per list (and
    // spec): each would otherwise walk every ENI, its attachment, tags and address arrays — objects a step touches
    // nowhere else. Shared by copies (a copy with other ENIs works it out again), ignored by equality.
    private readonly EniSummaryCache _summary = new();

    /// <summary>
    /// The addresses the ENIs that count (<see cref="Targets.NodeTargets.Counts"/>) offer to pods under
    /// <paramref name="spec"/>.
    /// </summary>
    public int UsableAddresses(NodeSpec spec)
    {
        var summary = Summary();
        if (summary.Usable is { } usable && ReferenceEquals(usable.Spec, spec))
        {
            return usable.Count;
        }

        var count = 0;
        foreach (var eni in Enis)
        {
            if (Targets.NodeTargets.Counts(eni, spec))
            {
                count += eni.Addresses(spec.UsePrimaryAddress);
            }
        }

        summary.Usable = new UsableCount(spec, count);
        return count;
    }

    /// <summary>The first ENI that is not attached (created for the node, awaiting attach), if any.</summary>
    public Eni? FirstUnattached() => Summary().FirstUnattached;

    /// <summary>The first attached ENI Fleet created for this instance whose attachment does not delete it on termination.</summary>
    public Eni? FirstOwnedKeptOnTermination() => Summary().FirstOwnedKept;

    private EniSummary Summary()
    {
        if (_summary.Last is { } last && last.Enis == Enis && ReferenceEquals(last.InstanceId, InstanceId))
        {
            return last;
        }

        Eni? unattached = null;
        Eni? kept = null;
        foreach (var eni in Enis)
        {
            if (eni.Attachment is null)
            {
                unattached ??= eni;
            }
            else if (kept is null && !eni.Attachment.DeleteOnTermination && FleetTags.IsOwnedBy(eni, InstanceId))
            {
                kept = eni;
            }
        }

        var summary = new EniSummary(Enis, InstanceId, unattached, kept);
        _summary.Last = summary;
        return summary;
    }

    /// <summary>Replaces one ENI (matched by id) or adds it if absent.</summary>
    public NodeState WithEni(Eni eni)
    {
        for (var i = 0; i < Enis.Length; i++)
        {
            if (string.Equals(Enis[i].Id, eni.Id, StringComparison.Ordinal))
            {
                return this with { Enis = Enis.SetItem(i, eni) };
            }
        }

        return this with { Enis = Enis.Add(eni) };
    }

    /// <summary>Finds an ENI by id.</summary>
    public Eni? FindEni(string eniId)
    {
        foreach (var eni in Enis)
        {
            if (string.Equals(eni.Id, eniId, StringComparison.Ordinal))
            {
                return eni;
            }
        }

        return null;
    }

    /// <summary>A cache a record may hold without changing its equality.</summary>
    private sealed class EniSummaryCache : IEquatable<EniSummaryCache>
    {
        public EniSummary? Last { get; set; }

        public bool Equals(EniSummaryCache? other) => other is not null;

        public override bool Equals(object? obj) => obj is EniSummaryCache;

        public override int GetHashCode() => 0;
    }

    /// <summary>One ENI list's summary, for the instance it was made for; the usable count is added for one spec at a time.</summary>
    private sealed class EniSummary(ImmutableArray<Eni> enis, string instanceId, Eni? firstUnattached, Eni? firstOwnedKept)
    {
        public ImmutableArray<Eni> Enis => enis;

        public string InstanceId => instanceId;

        public Eni? FirstUnattached => firstUnattached;

        public Eni? FirstOwnedKept => firstOwnedKept;

        /// <summary>Replaced whole, never changed: a reader sees a count with its spec.</summary>
        public UsableCount? Usable { get; set; }
    }

    private sealed record UsableCount(NodeSpec Spec, int Count);
}
