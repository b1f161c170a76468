using Fleet.Core.Node;
using System.Globalization;
using Fleet.Grains.Hosting;

namespace Fleet.Simulation.Live;

/// <summary>
/// The configuration every silo of a live run gives <c>AddFleetAllocator</c>. Time is compressed by one factor c on
/// both sides: the emulator divides latencies and multiplies refills by c, Fleet's throttle multiplies its refills by
/// c (<c>Fleet:Throttle:TimeScale</c>), and every <see cref="TimeSpan"/> knob of <see cref="AllocatorOptions"/> (they
/// all pace decisions or I/O in grain, i.e. wall, time: tick, keep-alive, back-off, release delay, janitor, subnet
/// refresh and exhaustion, describe batch windows, and any added later) is its default divided by c, so a 5 s tick
/// in EC2 time stays 5 s of EC2 time. Not compressed because not configurable: the urgency head starts (30 s for
/// pending pods, ≤ 10 s for the deficit), a node's 2 s subnet-view freshness, the 30 s consistency grace and the
/// describe retry back-off (100 ms·2^k). Not compressed on purpose: the grant lease (30 s), a crash-recovery timeout
/// that must outlast wall-clock stalls.
/// </summary>
internal static class AllocatorConfig
{
    /// <summary>The cluster name tagged on Fleet's ENIs (the simulator's <c>bench</c>).</summary>
    public const string ClusterName = "bench";

    /// <summary>The configuration keys and values.</summary>
    public static Dictionary<string, string?> For(Uri emulator, LiveOptions options, bool releaseExcess)
    {
        var config = FleetSiloBuilder.Compressed(options.Compression);
        foreach (var (key, value) in new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Fleet:Ec2:Mode"] = "Emulator",
            ["Fleet:Ec2:ServiceUrl"] = emulator.ToString(),
            ["Fleet:Ec2:Region"] = "us-east-1",
            ["Fleet:Ec2:AccountId"] = "bench",
            ["Fleet:Allocator:ClusterName"] = ClusterName,
            ["Fleet:Allocator:ReleaseExcess"] = releaseExcess ? "true" : "false",
            ["Fleet:Throttle:ArrivalJitter"] = options.ArrivalJitter.ToString("c", CultureInfo.InvariantCulture),
        })
        {
            config[key] = value;
        }

        return config;
    }
}
