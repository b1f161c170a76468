using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Ec2.Emulator;
using Fleet.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Demo;

/// <summary>
/// The demo fleet (<c>Fleet:Demo</c>): once the silo runs, launches the instances in the embedded emulator the way any
/// EC2 client would — one RunInstances per subnet and instance type, MinCount = MaxCount — and then acts as their
/// agents, every agent reporting demand each <see cref="DemoOptions.ReportInterval"/> through
/// <see cref="INodeGrain.ReportDemand"/>. Every second node uses first-interface-index 1, so the demo shows ENIs being
/// created and attached as well as prefixes being assigned to eth0.
/// </summary>
internal sealed partial class DemoFleetService(
    DemoOptions options, Ec2Region region, IGrainFactory grains, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<DemoFleetService> logger)
    : BackgroundService
{
    /// <summary>The client name the demo's RunInstances calls carry in the emulator's trail.</summary>
    public const string ClientName = "fleet-demo";

    /// <summary>RunInstances attempts per subnet and type before that group is left out (1 s apart).</summary>
    private const int MaxLaunchAttempts = 30;

    /// <summary>Every second node keeps pods off eth0 (first-interface-index 1, common on EKS), so ENIs get created and attached too.</summary>
    private static readonly NodeSpecDto s_podsOffEth0 = new() { FirstInterfaceIndex = 1 };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var agents = await LaunchAsync(stoppingToken);
        await Task.WhenAll(agents.Where((_, i) => i % 2 == 1).Select(a => grains.GetGrain<INodeGrain>(a.InstanceId).SetSpec(s_podsOffEth0)));
        Log.Launched(logger, agents.Count, string.Join(", ", options.InstanceTypeList));
        using var timer = new PeriodicTimer(options.ReportInterval, time);
        do
        {
            await Task.WhenAll(agents.Select(ReportAsync));
        }
        while (await Tick(timer, stoppingToken));
    }

    private async Task<List<SimulatedAgent>> LaunchAsync(CancellationToken stoppingToken)
    {
        var subnets = region.Snapshot().Subnets.Where(s => s.DefaultForAz).OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal).ToList();
        if (subnets.Count == 0)
        {
            subnets = [.. region.Snapshot().Subnets.Take(1)];
        }

        var types = options.InstanceTypeList;
        var groups = Enumerable.Range(0, options.Nodes)
            .GroupBy(i => (Subnet: subnets[i % subnets.Count].SubnetId, Type: types[i / subnets.Count % types.Count]))
            .Select(g => (g.Key.Subnet, g.Key.Type, Count: g.Count()));
        var agents = new List<SimulatedAgent>();
        foreach (var (subnet, type, count) in groups)
        {
            for (var attempt = 1; attempt <= MaxLaunchAttempts; attempt++)
            {
                var result = region.RunInstances(new RunInstancesRequest { InstanceType = type, SubnetId = subnet, MinCount = count, MaxCount = count },
                    new CallContext(ClientName));
                if (result.Result.IsSuccess)
                {
                    agents.AddRange(result.Result.Value.Reservation.Instances.Select(i =>
                        new SimulatedAgent(i.InstanceId, options.MaxPods, HashCode.Combine(options.Seed, agents.Count))));
                    break;
                }

                Log.LaunchRetry(logger, type, subnet, result.Result.Error.Code, attempt, MaxLaunchAttempts);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }

        return agents;
    }

    private async Task ReportAsync(SimulatedAgent agent)
    {
        try
        {
            var result = await grains.GetGrain<INodeGrain>(agent.InstanceId).ReportDemand(agent.NextReport());
            agent.Allocation = result.Allocation;
            if (result.Outcome != DemandOutcome.Accepted)
            {
                agent.Forget();
                Log.Refused(logger, agent.InstanceId, result.Outcome, result.Detail);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReportFailed(logger, agent.InstanceId, e.Message);
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
