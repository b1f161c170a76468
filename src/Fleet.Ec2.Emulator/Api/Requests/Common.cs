namespace Fleet.Ec2.Emulator;

/// <summary>A describe filter: values are ORed, filters ANDed; <c>*</c> and <c>?</c> are wildcards.</summary>
/// <param name="Name">The filter name, e.g. <c>attachment.instance-id</c> or <c>tag:Name</c>.</param>
/// <param name="Values">The values.</param>
public sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    /// <summary>A filter with the given values.</summary>
    public static Ec2Filter Of(string name, params string[] values) => new(name, values);
}

/// <summary>Tags to apply at creation (<c>TagSpecification.N</c>).</summary>
/// <param name="ResourceType">The resource type, e.g. <c>network-interface</c> or <c>instance</c>.</param>
/// <param name="Tags">The tags.</param>
public sealed record Ec2TagSpecification(string ResourceType, IReadOnlyList<Ec2Tag> Tags);

/// <summary>The answer of actions whose only output is <c>&lt;return&gt;true&lt;/return&gt;</c>.</summary>
public sealed record Ec2Acknowledgement
{
    private Ec2Acknowledgement()
    {
    }

    /// <summary>The one instance.</summary>
    public static Ec2Acknowledgement Instance { get; } = new();
}
