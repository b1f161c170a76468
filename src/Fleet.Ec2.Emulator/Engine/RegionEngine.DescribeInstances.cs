using System.Collections.Frozen;
using System.Globalization;
using Fleet.Core.Catalog;
using static Fleet.Ec2.Emulator.Engine.Filtering;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>DescribeInstances and DescribeInstanceTypes.</summary>
internal sealed partial class RegionEngine
{
    private static readonly FrozenSet<string> s_instanceFilters = FrozenSet.ToFrozenSet(
    [
        "instance-id", "instance-type", "instance-state-name", "instance-state-code", "subnet-id", "vpc-id", "availability-zone",
        "private-ip-address", "private-dns-name", "reservation-id", "image-id", "client-token", "owner-id",
        "network-interface.network-interface-id", "network-interface.subnet-id", "network-interface.addresses.private-ip-address",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> s_typeFilters = FrozenSet.ToFrozenSet(
    [
        "instance-type", "hypervisor", "bare-metal", "current-generation", "vcpu-info.default-vcpus", "memory-info.size-in-mib",
        "network-info.maximum-network-interfaces", "network-info.ipv4-addresses-per-interface",
        "network-info.ipv6-addresses-per-interface", "network-info.ipv6-supported", "network-info.maximum-network-cards",
    ], StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<InstanceTypeCatalog, IReadOnlyList<Ec2InstanceType>>> s_typeViews = new(() => []);

    public Ec2Result<DescribeInstancesResult> DescribeInstances(DescribeInstancesRequest r)
    {
        var now = Now;
        Settle(now);
        var malformed = r.InstanceIds.FirstOrDefault(id => !id.StartsWith("i-", StringComparison.Ordinal));
        if (malformed is not null)
        {
            return Ec2Errors.InstanceMalformed(malformed);
        }

        var page = Select(
            new SelectionQuery("instance", r.InstanceIds, r.Filters, s_instanceFilters, r.MaxResults, r.NextToken, r.DryRun, RejectIdsWithMaxResults: true),
            Narrowed(r.Filters), id => _instances.GetValueOrDefault(id), Ec2Errors.InstanceNotFound, i => i.Tags, Matches);
        if (!page.IsSuccess)
        {
            return page.Error;
        }

        var reservations = new List<Ec2Reservation>();
        foreach (var group in page.Value.Items.GroupBy(i => i.ReservationId))
        {
            reservations.Add(new Ec2Reservation(group.Key, Options.AccountId, [.. group.Select(i => View(i, now))]));
        }

        return new DescribeInstancesResult(reservations, page.Value.NextToken);
    }

    /// <summary>
    /// The instances a describe can match: those an exact <c>instance-id</c> filter names (in launch order, so paging
    /// is the same as over the whole list), or every instance. Allocators describe by instance-id filter, so this keeps
    /// a describe of a batch from scanning the whole region.
    /// </summary>
    private IReadOnlyList<InstanceState> Narrowed(IReadOnlyList<Ec2Filter> filters)
    {
        foreach (var filter in filters)
        {
            if (filter.Name == "instance-id" && filter.Values.All(v => v.AsSpan().IndexOfAny('*', '?') < 0))
            {
                return [.. filter.Values.Distinct(StringComparer.Ordinal)
                    .Select(id => _instances.GetValueOrDefault(id)).OfType<InstanceState>().OrderBy(i => i.Ordinal)];
            }
        }

        return _instanceList;
    }

    private bool Matches(InstanceState instance, Ec2Filter f)
    {
        var running = instance.Lifecycle == InstanceLifecycle.Running;
        var state = StateOf(instance);
        return f.Name switch
        {
            "instance-id" => AnyMatches(f.Values, instance.Id),
            "instance-type" => AnyMatches(f.Values, instance.Limits.InstanceType),
            "instance-state-name" => AnyMatches(f.Values, state.Name),
            "instance-state-code" => AnyMatches(f.Values, state.Code.ToString(CultureInfo.InvariantCulture)),
            "subnet-id" => running && AnyMatches(f.Values, instance.Subnet.Id),
            "vpc-id" => running && AnyMatches(f.Values, instance.Subnet.Vpc.Id),
            "availability-zone" => AnyMatches(f.Values, instance.Subnet.AvailabilityZone),
            "private-ip-address" => running && AnyMatches(f.Values, Format(instance.PrimaryIp)),
            "private-dns-name" => running && AnyMatches(f.Values, DnsName(instance.PrimaryIp)),
            "reservation-id" => AnyMatches(f.Values, instance.ReservationId),
            "image-id" => AnyMatches(f.Values, instance.ImageId),
            "client-token" => AnyMatches(f.Values, instance.ClientToken),
            "owner-id" => AnyMatches(f.Values, Options.AccountId),
            "network-interface.network-interface-id" => AnyMatches(f.Values, instance.Interfaces.Select(e => e.Id)),
            "network-interface.subnet-id" => AnyMatches(f.Values, instance.Interfaces.Select(e => e.Subnet.Id)),
            "network-interface.addresses.private-ip-address" =>
                AnyMatches(f.Values, instance.Interfaces.SelectMany(e => e.SecondaryIps.Prepend(e.PrimaryIp)).Select(Format)),
            _ => false,
        };
    }

    public Ec2Result<DescribeInstanceTypesResult> DescribeInstanceTypes(DescribeInstanceTypesRequest r)
    {
        var unknown = r.InstanceTypes.Where(t => !Catalog.TryGet(t, out _)).ToList();
        if (unknown.Count > 0)
        {
            return Ec2Errors.UnknownInstanceTypes(unknown);
        }

        if (r.InstanceTypes.Count > 100)
        {
            return Ec2Errors.Invalid("The maximum number of instance types is 100");
        }

        var all = TypeViews();
        var page = Select(
            new SelectionQuery("types", r.InstanceTypes, r.Filters, s_typeFilters, r.MaxResults, r.NextToken, r.DryRun, MinPage: 5, MaxPage: 100, DefaultPage: 100),
            all, name => Catalog.TryGet(name, out var l) ? TypeView(l) : null, Ec2Errors.UnknownInstanceTypes, _ => s_noTags,
            (t, f) => f.Name switch
            {
                "instance-type" => AnyMatches(f.Values, t.InstanceType),
                "hypervisor" => AnyMatches(f.Values, t.Hypervisor),
                "bare-metal" => AnyMatches(f.Values, t.BareMetal),
                "current-generation" => AnyMatches(f.Values, true),
                "vcpu-info.default-vcpus" => AnyMatches(f.Values, t.DefaultVCpus.ToString(CultureInfo.InvariantCulture)),
                "memory-info.size-in-mib" => AnyMatches(f.Values, t.MemoryMiB.ToString(CultureInfo.InvariantCulture)),
                "network-info.maximum-network-interfaces" => AnyMatches(f.Values, t.MaximumNetworkInterfaces.ToString(CultureInfo.InvariantCulture)),
                "network-info.ipv4-addresses-per-interface" => AnyMatches(f.Values, t.Ipv4AddressesPerInterface.ToString(CultureInfo.InvariantCulture)),
                "network-info.ipv6-addresses-per-interface" => AnyMatches(f.Values, t.Ipv6AddressesPerInterface.ToString(CultureInfo.InvariantCulture)),
                "network-info.ipv6-supported" => AnyMatches(f.Values, t.Ipv6AddressesPerInterface > 0),
                "network-info.maximum-network-cards" => AnyMatches(f.Values, t.NetworkCards.Count.ToString(CultureInfo.InvariantCulture)),
                _ => false,
            });
        return page.IsSuccess ? new DescribeInstanceTypesResult(page.Value.Items, page.Value.NextToken) : page.Error;
    }

    private static readonly TagSet s_noTags = new();

    private IReadOnlyList<Ec2InstanceType> TypeViews()
    {
        lock (s_typeViews.Value)
        {
            if (!s_typeViews.Value.TryGetValue(Catalog, out var views))
            {
                views = [.. Catalog.All.Select(TypeView)];
                s_typeViews.Value[Catalog] = views;
            }

            return views;
        }
    }

    private static Ec2InstanceType TypeView(InstanceLimits l)
    {
        var (cpus, memory) = CatalogExtras.For(l.InstanceType);
        return new Ec2InstanceType(l.InstanceType, l.Hypervisor, l.BareMetal, cpus, memory, l.MaxInterfaces, l.Ipv4PerInterface,
            l.Ipv6PerInterface, l.DefaultNetworkCardIndex, [.. l.NetworkCards.Select(c => new Ec2NetworkCard(c.Index, c.MaxInterfaces))]);
    }
}
