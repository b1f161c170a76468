using Fleet.Ec2.Emulator;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Another client of the same account (say, a VPC CNI warm pool churning): steadily assigns an address and
/// unassigns it, and creates an ENI and deletes it, each at <see cref="NeighbourLoad.PerSecond"/>, from its own
/// subnet. It spends from the AssignPrivateIpAddresses, UnassignPrivateIpAddresses, CreateNetworkInterface and
/// DeleteNetworkInterface buckets the policies use; its calls are never counted for a policy. It ignores throttling.
/// </summary>
internal static class Neighbour
{
    private static readonly CallContext s_client = new("neighbour");

    public static void Start(Ec2Region region, EventLoop loop, string subnetId, NeighbourLoad load)
    {
        var eni = region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = subnetId, Description = RegionSetup.NeighbourDescription }, s_client)
            .Value?.NetworkInterface.NetworkInterfaceId;
        var period = TimeSpan.FromSeconds(1 / load.PerSecond);
        if (eni is not null)
        {
            loop.After(period, () => Churn(region, loop, eni, subnetId, period));
        }
    }

    private static void Churn(Ec2Region region, EventLoop loop, string eni, string subnetId, TimeSpan period)
    {
        var assigned = region.AssignPrivateIpAddresses(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni, SecondaryPrivateIpAddressCount = 1 }, s_client);
        if (assigned.Value is { } a)
        {
            loop.After(assigned.Latency, () => region.UnassignPrivateIpAddresses(
                new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eni, PrivateIpAddresses = a.AssignedPrivateIpAddresses }, s_client));
        }

        var created = region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = subnetId, Description = RegionSetup.NeighbourDescription }, s_client);
        if (created.Value is { } c)
        {
            loop.After(created.Latency, () => region.DeleteNetworkInterface(new DeleteNetworkInterfaceRequest(c.NetworkInterface.NetworkInterfaceId), s_client));
        }

        loop.After(period, () => Churn(region, loop, eni, subnetId, period));
    }
}
