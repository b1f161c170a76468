namespace Fleet.Core.Model;

/// <summary>Where and how an ENI is attached to its instance.</summary>
/// <param name="AttachmentId">EC2's attachment id (<c>eni-attach-…</c>), needed to set DeleteOnTermination.</param>
/// <param name="DeviceIndex">The device index on the network card (eth0 is 0 on card 0).</param>
/// <param name="NetworkCard">The network card index.</param>
/// <param name="DeleteOnTermination">Whether EC2 deletes the ENI when the instance terminates.</param>
public sealed record EniAttachment(string AttachmentId, int DeviceIndex, int NetworkCard, bool DeleteOnTermination);
