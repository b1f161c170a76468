namespace Fleet.Grains.Node;

/// <summary>A node grain's persisted state, for the Orleans Dashboard's Grain Details page (silo side only).</summary>
[Alias("fleet.INodeStateGrain")]
public interface INodeStateGrain : IGrainWithStringKey
{
    /// <summary>The persisted state.</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<NodeGrainState> GetState();
}
