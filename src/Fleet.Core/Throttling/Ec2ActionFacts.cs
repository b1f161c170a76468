namespace Fleet.Core.Throttling;

/// <summary>What kind of work an EC2 action is, for metering and reporting.</summary>
public static class Ec2ActionFacts
{
    /// <summary>The EC2 action name as sent on the wire (the unfiltered variants map to their action).</summary>
    public static string WireName(this Ec2Action action) => action switch
    {
        Ec2Action.DescribeNetworkInterfacesUnfiltered => nameof(Ec2Action.DescribeNetworkInterfaces),
        Ec2Action.DescribeInstancesUnfiltered => nameof(Ec2Action.DescribeInstances),
        _ => action.ToString(),
    };

    /// <summary>Whether the action changes state in EC2 (everything but Describe*).</summary>
    public static bool IsMutating(this Ec2Action action) => !action.ToString().StartsWith("Describe", StringComparison.Ordinal);

    /// <summary>Whether the action adds pod capacity: Assign, Create and Attach are the critical path.</summary>
    public static bool AddsCapacity(this Ec2Action action) =>
        action is Ec2Action.AssignPrivateIpAddresses or Ec2Action.CreateNetworkInterface or Ec2Action.AttachNetworkInterface;

    /// <summary>Parses a wire action name; false for actions Fleet does not know.</summary>
    public static bool TryParse(string name, out Ec2Action action) =>
        Enum.TryParse(name, ignoreCase: false, out action) && !name.EndsWith("Unfiltered", StringComparison.Ordinal);
}
