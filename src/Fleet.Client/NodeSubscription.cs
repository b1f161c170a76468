using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;

namespace Fleet.Client;

/// <summary>A live subscription to one node's allocation changes (a grain observer, renewed every 2 minutes).</summary>
internal sealed class NodeSubscription(IClusterClient cluster, INodeGrain node, Action<NodeAllocation> onChange) : INodeObserver, IAsyncDisposable
{
    private static readonly TimeSpan Renewal = TimeSpan.FromMinutes(2);
    private readonly CancellationTokenSource _stop = new();
    private INodeObserver? _reference;
    private Task? _renewing;

    public async Task StartAsync()
    {
        _reference = cluster.CreateObjectReference<INodeObserver>(this);
        await node.Subscribe(_reference);
        _renewing = RenewAsync();
    }

    public Task OnAllocationChanged(NodeAllocation allocation)
    {
        onChange(allocation);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_renewing is not null)
        {
            await _renewing;
        }

        if (_reference is not null)
        {
            await node.Unsubscribe(_reference);
            cluster.DeleteObjectReference<INodeObserver>(_reference);
        }

        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(Renewal);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await node.Subscribe(_reference!);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
