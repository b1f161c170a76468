using System.Collections.Frozen;

namespace Fleet.Core.Throttling;

/// <summary>
/// EC2's default request-rate buckets per action (account and region), from "Request throttling for the Amazon EC2
/// API" (AWS, "Request throttling for the Amazon EC2 API", https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html). AWS raises them per account on request, so every value is overridable.
/// The emulator and the throttle grain read this one table.
/// </summary>
public static class Ec2BucketDefaults
{
    /// <summary>Mutating actions not listed separately: 50 burst, 5 per second.</summary>
    public static readonly BucketSpec Mutating = new(50, 5);

    /// <summary>Filtered or paginated Describe*: 100 burst, 20 per second.</summary>
    public static readonly BucketSpec NonMutating = new(100, 20);

    /// <summary>Unfiltered, unpaginated DescribeNetworkInterfaces / DescribeInstances: 50 burst, 10 per second.</summary>
    public static readonly BucketSpec UnfilteredDescribe = new(50, 10);

    private static readonly FrozenDictionary<Ec2Action, BucketSpec> s_table = new Dictionary<Ec2Action, BucketSpec>
    {
        [Ec2Action.CreateNetworkInterface] = new(100, 5),
        [Ec2Action.AttachNetworkInterface] = Mutating,
        [Ec2Action.DetachNetworkInterface] = Mutating,
        [Ec2Action.DeleteNetworkInterface] = new(100, 5),
        [Ec2Action.AssignPrivateIpAddresses] = new(100, 5),
        [Ec2Action.UnassignPrivateIpAddresses] = new(100, 5),
        [Ec2Action.ModifyNetworkInterfaceAttribute] = new(100, 5),
        [Ec2Action.CreateTags] = new(100, 10),
        [Ec2Action.DeleteTags] = new(100, 10),
        [Ec2Action.DescribeNetworkInterfaces] = NonMutating,
        [Ec2Action.DescribeInstances] = NonMutating,
        [Ec2Action.DescribeSubnets] = NonMutating,
        [Ec2Action.DescribeVpcs] = NonMutating,
        [Ec2Action.DescribeSecurityGroups] = NonMutating,
        [Ec2Action.DescribeInstanceTypes] = NonMutating,
        [Ec2Action.RunInstances] = new(5, 2),
        [Ec2Action.TerminateInstances] = new(100, 5),
        [Ec2Action.DescribeNetworkInterfacesUnfiltered] = UnfilteredDescribe,
        [Ec2Action.DescribeInstancesUnfiltered] = UnfilteredDescribe,
    }.ToFrozenDictionary();

    /// <summary>EC2's default bucket for an action.</summary>
    public static BucketSpec For(Ec2Action action) => s_table[action];

    /// <summary>Every action with its default bucket.</summary>
    public static IEnumerable<KeyValuePair<Ec2Action, BucketSpec>> All => s_table;
}
