namespace Fleet.Core.Model;

/// <summary>Whether a node's capacity comes as /28 prefixes or as secondary IPs.</summary>
public enum PrefixDelegation
{
    /// <summary>Prefixes on every instance type that supports them (Nitro or bare metal), secondary IPs elsewhere. The default.</summary>
    Auto = 0,

    /// <summary>Always prefixes; a node whose type cannot hold them is refused with a clear reason.</summary>
    On = 1,

    /// <summary>Always secondary IPs.</summary>
    Off = 2,
}
