using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Live;

/// <summary>
/// The EC2 a live run talks to: the scenario's region (the same options, layout and seed as the discrete-event
/// engine's, with <c>TimeCompression</c> = c, on the system clock) served over HTTP by <see cref="Ec2EmulatorServer"/>
/// on a free loopback port. Instances are launched before scenario time 0 through the typed API as client
/// <c>scenario</c>, exactly as <see cref="RegionSetup"/> does for the simulator; those calls are never counted.
/// </summary>
internal sealed class LiveRegion : IAsyncDisposable
{
    /// <summary>The trail client of the engine's own calls (launches, terminations).</summary>
    public const string ScenarioClient = "scenario";

    private static readonly CallContext s_scenario = new(ScenarioClient);

    private LiveRegion(Ec2Region region, Ec2EmulatorServer server, string[] instanceIds)
    {
        Region = region;
        Server = server;
        InstanceIds = instanceIds;
    }

    /// <summary>The region.</summary>
    public Ec2Region Region { get; }

    /// <summary>The HTTP server Fleet's AWSSDK.EC2 client talks to.</summary>
    public Ec2EmulatorServer Server { get; }

    /// <summary>Instance ids by node index.</summary>
    public string[] InstanceIds { get; }

    /// <summary>Whether the live engine can run a scenario; null if it can, else why not.</summary>
    public static string? Unsupported(Scenario scenario) =>
        scenario.Neighbour is not null ? "the live engine does not drive a noisy neighbour yet (sim only)"
        : scenario.FragmentedFill > 0 ? "the live engine does not fragment subnets yet (sim only)"
        : scenario.ClusterWeights.Count > 1 ? "the live engine serves one cluster (sim only)"
        : null;

    /// <summary>Builds the region, launches the scenario's instances and starts serving.</summary>
    public static async Task<LiveRegion> StartAsync(Scenario scenario, int seed, double compression, CancellationToken cancellationToken)
    {
        var options = RegionSetup.Options(scenario, seed);
        options.TimeCompression = compression;
        options.TrailCapacity = 1_000_000;
        var region = new Ec2Region(options, TimeProvider.System);
        var ids = new string[scenario.Nodes.Length];
        foreach (var (nodes, request) in RegionSetup.Launches(scenario))
        {
            RegionSetup.Record(ids, nodes, await RetryAsync(() => region.RunInstances(request, s_scenario), cancellationToken));
        }

        var server = await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 }, cancellationToken: cancellationToken);
        return new LiveRegion(region, server, ids);
    }

    /// <summary>Terminates an instance (a node leaving), retrying while throttled.</summary>
    public Task TerminateAsync(string instanceId, CancellationToken cancellationToken) =>
        RetryAsync(() => Region.TerminateInstances(new TerminateInstancesRequest([instanceId]), s_scenario), cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static async Task<T> RetryAsync<T>(Func<Ec2Response<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var response = call();
            if (response.Error is not { IsThrottling: true })
            {
                return response.Value ?? throw new InvalidOperationException($"Scenario set-up failed: {response.Error!.Code}: {response.Error.Message}");
            }

            await ScenarioClock.DelayAsync(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new InvalidOperationException("Scenario set-up stayed throttled.");
    }
}
