using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>
/// A silo with no demo fleet whose fleet index is fed node lines directly, as node grains publish them — how the
/// listing and the fleet page are tested at 10,000 nodes without 10,000 instances.
/// </summary>
public sealed class IndexedSilo : IAsyncLifetime
{
    internal TestSilo Silo { get; private set; } = null!;

    internal IFleetIndexGrain Index => Silo.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IFleetIndexGrain>("default");

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();

    /// <summary>Publishes <paramref name="lines"/> and waits until the index lists them all.</summary>
    internal async Task PublishAsync(IReadOnlyCollection<NodeSummary> lines)
    {
        foreach (var line in lines)
        {
            await Index.Upsert(line);
        }

        var wanted = lines.Select(l => l.InstanceId).ToHashSet(StringComparer.Ordinal);
        await Eventually.Until(async () =>
        {
            var seen = 0;
            var query = new NodeQuery(NodeQuery.MaxLimit);
            do
            {
                var page = await Index.Page(query);
                seen += page.Nodes.Count(n => wanted.Contains(n.InstanceId) && lines.Contains(n));
                query = query with { After = page.Next };
            }
            while (query.After is not null);
            return seen;
        }, seen => seen == wanted.Count, $"the index lists the {wanted.Count} lines published");
    }

    /// <summary>A synthetic node line: instance id from <paramref name="n"/>, the rest from its arguments.</summary>
    internal static NodeSummary Line(int n, NodeStatus status = NodeStatus.Ready, string type = "m5.large", int used = 10, int available = 32) =>
        new($"i-{n:x17}", status, type, available, used, 0, used + 8, 1, available / 16, status == NodeStatus.Ready ? "ready" : "allocating",
            DateTimeOffset.UnixEpoch);
}
