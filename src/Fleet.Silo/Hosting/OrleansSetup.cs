using System.Net;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Configures the Orleans silo from <c>Fleet:Clustering</c>: clustering and endpoints, TLS, the dashboard; then makes it a
/// Fleet silo the one way every host does (<see cref="FleetSiloBuilder.AddFleet"/>: membership timings, grain storage —
/// Redis, or memory for a single silo — and the allocator).
/// </summary>
internal static class OrleansSetup
{
    public static void Configure(ISiloBuilder silo, ClusteringOptions c, IConfiguration configuration)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = c.ClusterId;
            o.ServiceId = c.ServiceId;
        });
        var storage = FleetStorage.Memory;
        if (c.Provider == ClusteringProvider.Redis)
        {
            var redis = c.ConnectionString!;
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            // Orleans' own (version-tolerant) serializer: the default Newtonsoft one cannot read back the immutable
            // collections in the grains' state (the Redis test caught it).
            storage = FleetStorage.Custom(s => s.AddRedisGrainStorage(FleetSiloBuilder.StorageName, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.ConfigurationOptions = ConfigurationOptions.Parse(redis);
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            })));
            if (c.Kubernetes)
            {
                // The pod's IP, name and namespace come from Kubernetes; the ports stay Fleet's.
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloPort = c.SiloPort;
                    o.GatewayPort = c.GatewayPort;
                });
                silo.UseKubernetesHosting();
            }
            else
            {
                ConfigureEndpoints(silo, c);
            }
        }
        else
        {
            silo.UseLocalhostClustering(c.SiloPort, c.GatewayPort, serviceId: c.ServiceId, clusterId: c.ClusterId);
        }

        silo.AddFleet(configuration, storage,
            new MembershipTimings(c.ProbeTimeout, c.NumMissedProbesLimit, c.NumVotesForDeathDeclaration, c.IAmAliveTablePublishTimeout));

        if (c.Tls.Enabled)
        {
            ClusterTls.Configure(silo, c.Tls);
        }

        if (GatewayTls.IsOn(c))
        {
            GatewayTls.Configure(silo, c.GatewayTls, TimeProvider.System);
        }

        // Membership (and so the Watchdog) counts time from the silo's creation: see SiloRelativeTimeProvider.
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership,
            (services, _) => new SiloRelativeTimeProvider(services.GetService<TimeProvider>() ?? TimeProvider.System));
        silo.AddDashboard();
    }

    private static void ConfigureEndpoints(ISiloBuilder silo, ClusteringOptions c)
    {
        if (IPAddress.TryParse(c.AdvertisedHost, out var ip))
        {
            silo.ConfigureEndpoints(ip, c.SiloPort, c.GatewayPort, c.ListenOnAnyHostAddress);
        }
        else
        {
            silo.ConfigureEndpoints(c.AdvertisedHost, c.SiloPort, c.GatewayPort, System.Net.Sockets.AddressFamily.InterNetwork, c.ListenOnAnyHostAddress);
        }
    }
}
