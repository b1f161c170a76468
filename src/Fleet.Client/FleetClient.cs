using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Fleet.Client;

/// <summary>
/// A connection to a Fleet cluster through the Orleans client: what a node agent (or a tool acting for one) needs.
/// Thread-safe. Dispose to disconnect.
/// </summary>
public sealed class FleetClient : IAsyncDisposable
{
    private readonly IHost _host;

    private FleetClient(IHost host, FleetClientOptions options)
    {
        _host = host;
        Options = options;
        Cluster = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The options used to connect.</summary>
    public FleetClientOptions Options { get; }

    /// <summary>The underlying Orleans client, for anything this class does not wrap.</summary>
    public IClusterClient Cluster { get; }

    /// <summary>Connects; throws <see cref="ArgumentException"/> naming bad options, or the connection error.</summary>
    public static async Task<FleetClient> ConnectAsync(FleetClientOptions options, CancellationToken cancellationToken = default)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Fleet client options: " + string.Join("; ", errors), nameof(options));
        }

        var started = options.TimeProvider.GetTimestamp();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>(); // signals belong to the embedding program
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.ClusterId, options.ServiceId));
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = options.ResponseTimeout);
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                if (options.TimeProvider.GetElapsedTime(started) >= options.ConnectTimeout)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), options.TimeProvider, token);
                return true;
            });
            if (options.UsesTls)
            {
                GatewayTlsClient.Configure(client, options);
            }

            if (options.RedisConnectionString is { } redis)
            {
                client.UseRedisClustering(redis);
            }
            else
            {
                client.UseStaticClustering([.. options.GatewayEndpoints()]);
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new FleetClient(host, options);
    }

    /// <summary>
    /// Reports a node's demand; the result says whether it was taken and holds the node's allocation. The report acts for
    /// <see cref="FleetClientOptions.KubernetesCluster"/> unless it names a cluster itself.
    /// </summary>
    public Task<DemandResult> ReportDemandAsync(string instanceId, DemandReport report) =>
        Node(instanceId).ReportDemand(report.Cluster is null && Options.KubernetesCluster is { } cluster ? report with { Cluster = cluster } : report);

    /// <summary>A node in detail.</summary>
    public Task<NodeView> GetNodeAsync(string instanceId) => Node(instanceId).GetView();

    /// <summary>
    /// Declares the pods a provisioner launched the node for: the node allocates for them + pre-allocate at once, before its
    /// agent reports. The result says whether it was taken (refused, changing nothing, for an unknown or terminated
    /// instance or pods out of range) and holds the node's view. Acting for <see cref="FleetClientOptions.KubernetesCluster"/>,
    /// a node another cluster claimed (a report or a spec naming it) is refused with <see cref="OtherClusterException"/>,
    /// as the HTTP API refuses it.
    /// </summary>
    public async Task<IntentResult> DeclareIntentAsync(string instanceId, int pods)
    {
        if (Options.KubernetesCluster is { } cluster && await Node(instanceId).GetView() is var view
            && (view.Allocation.Status != NodeStatus.Unknown || view.Spec.Cluster is not null) && view.Cluster != cluster)
        {
            throw new OtherClusterException(instanceId, cluster);
        }

        return await Node(instanceId).DeclareIntent(pods);
    }

    /// <summary>
    /// Replaces a node's spec; acting for <see cref="FleetClientOptions.KubernetesCluster"/> when set, so a node of another
    /// cluster is refused with <see cref="OtherClusterException"/>.
    /// </summary>
    public Task<NodeView> SetSpecAsync(string instanceId, NodeSpecDto spec) =>
        Options.KubernetesCluster is { } cluster ? Node(instanceId).SetSpecFor(spec, cluster) : Node(instanceId).SetSpec(spec);

    /// <summary>
    /// Every node's line that passes <paramref name="filter"/> (all nodes when null), by instance id, fetched a page of
    /// <paramref name="pageSize"/> at a time. For large fleets prefer <see cref="EnumerateNodesAsync"/>, which holds one page.
    /// </summary>
    public async Task<ImmutableArray<NodeSummary>> ListNodesAsync(NodeQuery? filter = null, int pageSize = NodeQuery.MaxLimit, CancellationToken cancellationToken = default)
    {
        var all = ImmutableArray.CreateBuilder<NodeSummary>();
        await foreach (var node in EnumerateNodesAsync(filter, pageSize, cancellationToken))
        {
            all.Add(node);
        }

        return all.ToImmutable();
    }

    /// <summary>
    /// Node lines that pass <paramref name="filter"/>'s filters (its limit and cursor are ignored), following the index's
    /// pages of <paramref name="pageSize"/> (1–<see cref="NodeQuery.MaxLimit"/>). Stable under inserts: no line twice.
    /// </summary>
    public async IAsyncEnumerable<NodeSummary> EnumerateNodesAsync(NodeQuery? filter = null, int pageSize = NodeQuery.MaxLimit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, NodeQuery.MaxLimit);
        var query = (filter ?? new NodeQuery(pageSize)) with { Limit = pageSize, After = null };
        do
        {
            var page = await GetNodesPageAsync(query);
            foreach (var node in page.Nodes)
            {
                yield return node;
            }

            query = query with { After = page.Next };
            cancellationToken.ThrowIfCancellationRequested();
        }
        while (query.After is not null);
    }

    /// <summary>
    /// One page of node lines (see <see cref="NodeQuery"/>); <see cref="NodePage.Next"/> is the next page's cursor. A query
    /// that names no cluster lists <see cref="FleetClientOptions.KubernetesCluster"/>'s nodes when it is set.
    /// </summary>
    public Task<NodePage> GetNodesPageAsync(NodeQuery query) => Cluster.GetGrain<IFleetIndexGrain>("default").Page(
        query.Clusters.IsDefaultOrEmpty && Options.KubernetesCluster is { } cluster ? query with { Clusters = [cluster] } : query);

    /// <summary>The throttle's buckets and queues.</summary>
    public Task<ThrottleView> GetThrottleAsync() => Cluster.GetGrain<IThrottleView>(Options.ThrottleKey).GetView();

    /// <summary>
    /// Calls <paramref name="onChange"/> whenever the node's allocation changes, until the returned subscription is
    /// disposed. The subscription is renewed every <see cref="FleetClientOptions.SubscriptionRenewal"/>, which also
    /// re-subscribes after the node grain moved to another silo; a renewal that fails is tried again at the next one.
    /// Calls are made one at a time and never with an older allocation than the last one (by version); a new
    /// subscription, or one the grain forgot, is told the node's current allocation at once.
    /// </summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string instanceId, Action<NodeAllocation> onChange)
    {
        var subscription = new NodeSubscription(Cluster, Node(instanceId), onChange, Options.SubscriptionRenewal, Options.TimeProvider);
        await subscription.StartAsync();
        return subscription;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private INodeGrain Node(string instanceId) => Cluster.GetGrain<INodeGrain>(instanceId);
}
