using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Grains.Mapping;
using Orleans.Utilities;

namespace Fleet.Grains.Node;

/// <summary>What the node grain shows: its view, its allocation, its persisted state, and its subscribers.</summary>
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public Task<NodeAllocation> GetAllocation() => Task.FromResult(BuildAllocation());

    /// <inheritdoc />
    public Task<NodeView> GetView() => Task.FromResult(NodeViews.View(_memory, _options, _store.State.Version, Now, _store.State.UpdatedAt, _groupPeak.Last));

    /// <inheritdoc />
    public Task<NodeGrainState> GetState() => Task.FromResult(NodeStateMapping.ToState(_memory, _store.State.Version, _store.State.UpdatedAt));

    /// <inheritdoc />
    public Task Subscribe(INodeObserver observer)
    {
        var known = _observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        if (!known && _memory.Instance is not null)
        {
            // A new subscriber (or one this activation forgot: the grain moved) learns where the node stands now.
            observer.OnAllocationChanged(BuildAllocation()).Ignore();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Unsubscribe(INodeObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> ExpectsEni(string eniId) =>
        Task.FromResult(!_memory.Terminated && !_memory.Abandoned.Contains(eniId)
            && (_memory.Enis.Any(e => e.Id == eniId && e.Attachment is null)
                || _memory.Intent is { Action: Core.Planning.CreateInterface })); // a create whose answer was lost: the ENI may be it

    private NodeAllocation BuildAllocation() => NodeViews.Allocation(_memory, _options, _store.State.Version);
}
