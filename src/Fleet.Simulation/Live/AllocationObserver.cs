using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;

namespace Fleet.Simulation.Live;

/// <summary>Receives the allocation changes node grains push to their agents (one observer for every node).</summary>
internal sealed class AllocationObserver(LiveState state) : INodeObserver
{
    /// <inheritdoc />
    public Task OnAllocationChanged(NodeAllocation allocation)
    {
        state.OnPushed(allocation);
        return Task.CompletedTask;
    }
}
