using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;

namespace Fleet.Client;

/// <summary>
/// A live subscription to one node's allocation changes: a grain observer, renewed every <paramref name="renewal"/> so
/// that it outlives the node grain's observer expiry and finds the grain again after it moved to another silo. A
/// renewal that fails (the silo holding the grain just died, the cluster is unreachable) is tried at the next tick.
/// The grain's pushes are one-way and may be handled out of order here; an allocation older (lower
/// <see cref="NodeAllocation.Version"/>) than one already delivered is dropped, so the subscriber never goes back.
/// </summary>
internal sealed class NodeSubscription(IClusterClient cluster, INodeGrain node, Action<NodeAllocation> onChange, TimeSpan renewal, TimeProvider time)
    : INodeObserver, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private INodeObserver? _reference;
    private Task? _renewing;
    private readonly Lock _gate = new();
    private long _newest = long.MinValue;

    public async Task StartAsync()
    {
        _reference = cluster.CreateObjectReference<INodeObserver>(this);
        await node.Subscribe(_reference);
        _renewing = RenewAsync();
    }

    public Task OnAllocationChanged(NodeAllocation allocation)
    {
        lock (_gate)
        {
            if (allocation.Version < _newest)
            {
                return Task.CompletedTask;
            }

            _newest = allocation.Version;
            onChange(allocation);
        }

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
            try
            {
                await node.Unsubscribe(_reference);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The grain forgets the observer by itself when it stops renewing.
            }

            cluster.DeleteObjectReference<INodeObserver>(_reference);
        }

        _stop.Dispose();
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(renewal, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await node.Subscribe(_reference!);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    // tried again at the next tick
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
