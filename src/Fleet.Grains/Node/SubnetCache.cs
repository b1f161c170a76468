using Fleet.Abstractions.Grains;
using Fleet.Core.Planning;

namespace Fleet.Grains.Node;

/// <summary>A node's short-lived copy of its zone's subnet capacity (re-read after <paramref name="freshness"/>, or at once after an error).</summary>
internal sealed class SubnetCache(TimeProvider time, TimeSpan freshness)
{
    private SubnetView? _view;
    private DateTimeOffset _at;

    public async Task<SubnetView> GetAsync(IGrainFactory grains, string vpcId, string availabilityZone)
    {
        if (_view is not null && time.GetUtcNow() - _at < freshness)
        {
            return _view;
        }

        var capacity = await grains.GetGrain<ISubnetGrain>($"{vpcId}/{availabilityZone}").GetCapacity();
        _view = new SubnetView(capacity.Select(c => new SubnetCapacity(c.SubnetId, c.VpcId, c.AvailabilityZone, c.FreeAddresses, c.FreeBlocks, c.Tags)
        {
            Impaired = c.ImpairedUntil > time.GetUtcNow(),
        }));
        _at = time.GetUtcNow();
        return _view;
    }

    public void Invalidate() => _view = null;
}
