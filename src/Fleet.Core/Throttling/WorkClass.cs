namespace Fleet.Core.Throttling;

/// <summary>How a call relates to pods waiting for addresses.</summary>
public enum WorkClass
{
    /// <summary>A capacity-adding call for a node that is short (Assign, Create, Attach).</summary>
    Critical = 0,

    /// <summary>DeleteOnTermination, releases, tagging, garbage collection: spare tokens only.</summary>
    Housekeeping = 1,
}
