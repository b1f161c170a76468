using Fleet.Core.Catalog;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Options;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Builds the EC2 region a policy runs against, the same for every policy: the scenario's layout, EC2's default
/// buckets and latencies, the seed; then, before the scenario starts (virtual time, not counted for any policy),
/// launches every instance, fragments subnets when the scenario asks, and lets every bucket refill.
/// </summary>
internal static class RegionSetup
{
    private static readonly CallContext s_scenario = new("scenario");

    /// <summary>The emulator options of a scenario.</summary>
    public static EmulatorOptions Options(Scenario scenario, int seed) => new()
    {
        Seed = seed,
        Vpcs = scenario.Layout.ToVpcs(),
        AddressSelection = AddressSelection.Random,
        TrailCapacity = 1024,
    };

    /// <summary>Whether an ENI belongs to the scenario (fragmentation, the neighbour), not to a policy.</summary>
    public static bool IsScenarios(Ec2NetworkInterface eni) => eni.Description is FragmentationDescription or NeighbourDescription;

    /// <summary>The description of ENIs that fragment subnets.</summary>
    public const string FragmentationDescription = "fragmentation";

    /// <summary>The description of the neighbour's ENIs.</summary>
    public const string NeighbourDescription = "neighbour";

    /// <summary>Launches the scenario's instances; answers their ids by node index.</summary>
    public static string[] Prepare(Ec2Region region, EventLoop loop, Scenario scenario)
    {
        var ids = new string[scenario.Nodes.Length];
        foreach (var (nodes, request) in Launches(scenario))
        {
            var launched = Retry(loop, () => region.RunInstances(request, s_scenario));
            Record(ids, nodes, launched.Value!);
        }

        if (scenario.FragmentedFill > 0)
        {
            Fragment(region, loop, scenario);
        }

        loop.Clock.AdvanceTo(loop.Now + TimeSpan.FromMinutes(2));
        return ids;
    }

    /// <summary>One RunInstances per subnet and instance type, launching the scenario's nodes of that group.</summary>
    public static IEnumerable<(IReadOnlyList<NodePlan> Nodes, RunInstancesRequest Request)> Launches(Scenario scenario) =>
        scenario.Nodes.GroupBy(n => (n.Subnet, n.InstanceType)).Select(group =>
        {
            IReadOnlyList<NodePlan> nodes = [.. group];
            return (nodes, new RunInstancesRequest
            {
                InstanceType = group.Key.InstanceType,
                SubnetId = scenario.Layout.Subnets[group.Key.Subnet].Id,
                MinCount = nodes.Count,
                MaxCount = nodes.Count,
            });
        });

    /// <summary>Writes the ids of a launch's instances into <paramref name="ids"/> by node index.</summary>
    public static void Record(string[] ids, IReadOnlyList<NodePlan> nodes, RunInstancesResult launched)
    {
        var instances = launched.Reservation.Instances;
        for (var i = 0; i < nodes.Count; i++)
        {
            ids[nodes[i].Index] = instances[i].InstanceId;
        }
    }

    /// <summary>The catalog limits of a node's instance type.</summary>
    public static InstanceLimits Limits(NodePlan plan) => InstanceTypeCatalog.Embedded.Get(plan.InstanceType);

    private static void Fragment(Ec2Region region, EventLoop loop, Scenario scenario)
    {
        const int PerEni = 60;
        var snapshot = region.Snapshot();
        for (var s = 0; s < scenario.Layout.NodeSubnets(); s++)
        {
            var id = scenario.Layout.Subnets[s].Id;
            var subnet = snapshot.Subnets.First(x => x.SubnetId == id);
            var take = (int)(subnet.AvailableIpAddressCount * scenario.FragmentedFill);
            while (take > 1)
            {
                var count = Math.Min(PerEni, take - 1);
                Retry(loop, () => region.CreateNetworkInterface(
                    new CreateNetworkInterfaceRequest { SubnetId = id, SecondaryPrivateIpAddressCount = count, Description = FragmentationDescription }, s_scenario));
                take -= count + 1;
            }
        }
    }

    private static Ec2Response<T> Retry<T>(EventLoop loop, Func<Ec2Response<T>> call)
        where T : class
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var response = call();
            if (response.Error is not { IsThrottling: true })
            {
                return response.IsSuccess
                    ? response
                    : throw new InvalidOperationException($"Scenario set-up failed: {response.Error!.Code}: {response.Error.Message}");
            }

            loop.Clock.AdvanceTo(loop.Now + TimeSpan.FromSeconds(1));
        }

        throw new InvalidOperationException("Scenario set-up stayed throttled.");
    }
}
