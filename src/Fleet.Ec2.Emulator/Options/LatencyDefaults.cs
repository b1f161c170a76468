using System.Collections.Frozen;
using Fleet.Core.Throttling;

namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Default API latency per action (median, p99), from observed client-side latencies (client-side latencies reported in cilium/cilium#44539 (Describe*), DataDog/integrations-core#10143 (Attach), aws/amazon-vpc-cni-k8s#3480, #3105 and #624 (Assign, Create, Delete));
/// where no observation exists the value is inferred and marked so.
/// </summary>
public static class LatencyDefaults
{
    private static LatencySpec Ms(double median, double p99) => new(TimeSpan.FromMilliseconds(median), TimeSpan.FromMilliseconds(p99));

    private static readonly FrozenDictionary<Ec2Action, LatencySpec> s_table = new Dictionary<Ec2Action, LatencySpec>
    {
        [Ec2Action.DescribeNetworkInterfaces] = Ms(150, 199),   // Cilium operator histogram
        [Ec2Action.DescribeSubnets] = Ms(150, 199),             // same
        [Ec2Action.DescribeInstanceTypes] = Ms(154, 376),       // same
        [Ec2Action.DescribeSecurityGroups] = Ms(350, 1000),     // same
        [Ec2Action.DescribeVpcs] = Ms(90, 100),                 // same
        [Ec2Action.DescribeInstances] = Ms(150, 250),           // inferred: like the other describes
        [Ec2Action.AttachNetworkInterface] = Ms(700, 1000),     // DataDog: 0.74 s average, all ≤ 1 s
        [Ec2Action.AssignPrivateIpAddresses] = Ms(500, 900),    // VPC CNI #3480: one call 510 ms
        [Ec2Action.UnassignPrivateIpAddresses] = Ms(300, 700),  // inferred
        [Ec2Action.CreateNetworkInterface] = Ms(250, 600),      // VPC CNI #3105: ~204 ms (failing call)
        [Ec2Action.DeleteNetworkInterface] = Ms(240, 300),      // VPC CNI PR #624: 220–270 ms
        [Ec2Action.DetachNetworkInterface] = Ms(300, 700),      // inferred
        [Ec2Action.ModifyNetworkInterfaceAttribute] = Ms(200, 500), // inferred
        [Ec2Action.CreateTags] = Ms(94, 200),                   // VPC CNI #1509: ~94 ms
        [Ec2Action.DeleteTags] = Ms(94, 200),                   // inferred: like CreateTags
        [Ec2Action.RunInstances] = Ms(800, 2000),               // inferred
        [Ec2Action.TerminateInstances] = Ms(400, 1000),         // inferred
    }.ToFrozenDictionary();

    /// <summary>The default latency of an action (the unfiltered describe variants share their action's).</summary>
    public static LatencySpec For(Ec2Action action) => action switch
    {
        Ec2Action.DescribeNetworkInterfacesUnfiltered => s_table[Ec2Action.DescribeNetworkInterfaces],
        Ec2Action.DescribeInstancesUnfiltered => s_table[Ec2Action.DescribeInstances],
        _ => s_table[action],
    };
}
