namespace Fleet.Core.Targets;

/// <summary>The unit an EC2 call adds or removes.</summary>
public enum AddressKind
{
    /// <summary>A /28 IPv4 prefix: one slot, 16 addresses.</summary>
    Prefix = 0,

    /// <summary>A secondary private IPv4 address: one slot, one address.</summary>
    Ip = 1,
}
