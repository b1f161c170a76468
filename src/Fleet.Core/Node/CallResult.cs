using System.Collections.Immutable;
using Fleet.Core.Errors;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>What EC2 answered to a node's call, in Core's terms (each host maps its EC2 client's answer to one of these).</summary>
public abstract record CallResult;

/// <summary>EC2 refused the call, or its outcome is unknown (a transient error).</summary>
/// <param name="Error">The classified error.</param>
public sealed record CallFailed(Ec2Failure Error) : CallResult;

/// <summary>AssignPrivateIpAddresses succeeded; EC2 says it assigned these.</summary>
/// <param name="Prefixes">Prefixes assigned.</param>
/// <param name="Ips">Secondary IPs assigned (an answer that also lists the ENI's primary is not believed on that point).</param>
public sealed record AddressesAssigned(ImmutableArray<string> Prefixes, ImmutableArray<string> Ips) : CallResult;

/// <summary>CreateNetworkInterface succeeded.</summary>
/// <param name="Eni">The ENI as EC2 returned it (not attached).</param>
public sealed record InterfaceCreated(Eni Eni) : CallResult;

/// <summary>AttachNetworkInterface succeeded.</summary>
/// <param name="AttachmentId">The attachment's id.</param>
public sealed record InterfaceAttached(string AttachmentId) : CallResult;

/// <summary>ModifyNetworkInterfaceAttribute or UnassignPrivateIpAddresses succeeded.</summary>
public sealed record CallSucceeded : CallResult
{
    /// <summary>The one success without a payload.</summary>
    public static CallSucceeded Instance { get; } = new();
}

/// <summary>An EC2 error as the node loop needs it.</summary>
/// <param name="Kind">What it means (one classification: Fleet.Ec2's <c>Ec2ErrorClassifier</c>).</param>
/// <param name="Code">EC2's error code, or a transport error name such as <c>Timeout</c>.</param>
/// <param name="Message">EC2's message.</param>
public sealed record Ec2Failure(Ec2ErrorKind Kind, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
