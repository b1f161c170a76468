using Fleet.Core.Catalog;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>Cilium's operator before and after PR #44154, which only changed how many IPs a new prefix-mode ENI is created with.</summary>
public enum CiliumVersion
{
    /// <summary>Before #44154 (<c>pkg/aws/eni/node.go</c>): a new ENI carries <c>min(MaxIPsToAllocate, IPv4−1)</c> IPs' worth.</summary>
    Pre44154 = 0,

    /// <summary>After #44154 (<c>pkg/aws/ipam/node.go</c>): in prefix mode, up to <c>(IPv4−1)×16</c> IPs' worth.</summary>
    Post44154 = 1,
}

/// <summary>Cilium's sizing of a new ENI (Cilium's CreateInterface in pkg/aws/eni/node.go, before and after PR cilium/cilium#44154).</summary>
public static class CiliumSizing
{
    /// <summary>IPs to allocate with a new ENI: <c>toAllocate</c>.</summary>
    public static int ToAllocate(CiliumVersion version, int maxIpsToAllocate, InstanceLimits limits, bool prefixDelegated) =>
        version == CiliumVersion.Post44154 && prefixDelegated
            ? Math.Min(maxIpsToAllocate, (limits.Ipv4PerInterface - 1) * InstanceLimits.PrefixSize)
            : Math.Min(maxIpsToAllocate, limits.Ipv4PerInterface - 1);

    /// <summary>Prefixes for an IP count: <c>PrefixCeil(n, 16)</c>.</summary>
    public static int PrefixCeil(int ips) => (ips + InstanceLimits.PrefixSize - 1) / InstanceLimits.PrefixSize;
}
