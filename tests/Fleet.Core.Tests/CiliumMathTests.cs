using Fleet.Core.Catalog;
using Fleet.Core.Targets;

namespace Fleet.Core.Tests;

/// <summary>Cilium's watermark formulas, row by row (Cilium's calculateNeededIPs and calculateExcessIPs, pkg/ipam/node.go in github.com/cilium/cilium; worked examples as in PR #44154).</summary>
public sealed class CiliumMathTests
{
    [Theory]
    // available, used, pre, min, max → needed
    [InlineData(0, 0, 8, 45, 0, 45)] // §9.1 round 1: max(8-(0-0), 45-0)
    [InlineData(16, 0, 8, 45, 0, 29)] // §9.1 FII=1 before #44154, round 2: max(8-16, 45-16)
    [InlineData(48, 0, 8, 45, 0, 0)] // §9.1: 48 ≥ 45, done
    [InlineData(0, 0, 8, 200, 0, 200)] // §9.2 round 1
    [InlineData(144, 0, 8, 200, 0, 56)] // §9.2 after #44154, round 2
    [InlineData(160, 0, 8, 200, 0, 40)] // §9.2 before #44154, round 4
    [InlineData(208, 0, 8, 200, 0, 0)] // §9.2 final: 200 - 208 < 0
    [InlineData(0, 0, 8, 45, 27, 27)] // max-allocate caps the need (secondary-IP m5.large)
    [InlineData(10, 10, 8, 0, 0, 8)] // every address used: keep 8 free
    [InlineData(20, 5, 8, 0, 0, 0)] // 15 free ≥ 8
    [InlineData(30, 40, 8, 0, 0, 18)] // more used than held (stale report): cover it plus 8
    public void NeededIps_matches_Cilium(int available, int used, int pre, int min, int max, int expected) =>
        Assert.Equal(expected, CiliumMath.NeededIps(available, used, pre, min, max));

    [Theory]
    // available, used, pre, min, maw → excess
    [InlineData(48, 0, 8, 45, 0, 3)] // used+pre ≤ min+maw: everything above min+maw
    [InlineData(45, 0, 8, 45, 0, 0)] // available ≤ min+maw
    [InlineData(64, 40, 8, 0, 0, 16)] // 64-40-8
    [InlineData(64, 40, 8, 0, 16, 0)] // max-above-watermark keeps 16 more
    [InlineData(144, 0, 8, 0, 0, 136)] // used 0, min 0: used+pre (8) > 0, so available-used-pre
    [InlineData(20, 15, 8, 0, 0, 0)]
    public void ExcessIps_matches_Cilium(int available, int used, int pre, int min, int maw, int expected) =>
        Assert.Equal(expected, CiliumMath.ExcessIps(available, used, pre, min, maw));

    [Theory]
    // §2.3: m5.large secondary 27 (FII 0) / 18 (FII 1); prefix 432 / 288
    [InlineData(0, false, 27)]
    [InlineData(1, false, 18)]
    [InlineData(0, true, 432)]
    [InlineData(1, true, 288)]
    public void MaximumAllocatable_matches_Cilium_for_m5_large(int fii, bool prefix, int expected) =>
        Assert.Equal(expected, CiliumMath.MaximumAllocatable(InstanceTypeCatalog.Embedded.Get("m5.large"), fii, prefix));
}
