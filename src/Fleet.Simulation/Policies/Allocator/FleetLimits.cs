using Fleet.Core.Catalog;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// Instance limits as Fleet.Ec2's <c>InstanceLimitsProvider</c> finds them: EC2's own DescribeInstanceTypes, asked once
/// per type (on a describe token free at that moment) however many nodes discover at once; the embedded catalog
/// answers when no token is free or EC2 does not return the type.
/// </summary>
internal sealed class FleetLimits(Runs.Ec2Link link, ThrottleScheduler throttle)
{
    private readonly Dictionary<string, InstanceLimits?> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<InstanceLimits?>>> _asking = new(StringComparer.Ordinal);

    /// <summary>The type's limits (null when neither EC2 nor the catalog knows it).</summary>
    public void Get(string instanceType, Action<InstanceLimits?> done)
    {
        if (_known.TryGetValue(instanceType, out var known))
        {
            done(known);
            return;
        }

        if (_asking.TryGetValue(instanceType, out var waiting))
        {
            waiting.Add(done);
            return;
        }

        if (!throttle.TryAcquire(Ec2Action.DescribeInstanceTypes))
        {
            done(Catalog(instanceType));
            return;
        }

        _asking[instanceType] = [done];
        link.Send(Ec2Action.DescribeInstanceTypes, Runs.CallPath.Read, null,
            (r, c) => r.DescribeInstanceTypes(new DescribeInstanceTypesRequest { InstanceTypes = [instanceType] }, c),
            answer =>
            {
                var limits = answer.Value?.InstanceTypes.FirstOrDefault(t => t.InstanceType == instanceType) is { } type
                    ? new InstanceLimits(type.InstanceType, type.Hypervisor, type.BareMetal, type.MaximumNetworkInterfaces, type.Ipv4AddressesPerInterface,
                        type.Ipv6AddressesPerInterface, type.DefaultNetworkCardIndex, [.. type.NetworkCards.Select(c => new NetworkCardLimit(c.NetworkCardIndex, c.MaximumNetworkInterfaces))])
                    : Catalog(instanceType);
                if (limits is not null)
                {
                    _known[instanceType] = limits;
                }

                _asking.Remove(instanceType, out var callers);
                foreach (var caller in callers!)
                {
                    caller(limits);
                }
            });
    }

    private static InstanceLimits? Catalog(string instanceType) => InstanceTypeCatalog.Embedded.TryGet(instanceType, out var limits) ? limits : null;
}
