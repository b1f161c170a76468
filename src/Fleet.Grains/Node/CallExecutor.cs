using System.Collections.Immutable;
using Fleet.Abstractions.State;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Ec2.Errors;
using Fleet.Ec2.Port;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Node;

/// <summary>
/// Sends one planned action to EC2 and applies what EC2 answered to the node's persisted ENIs. On error nothing is
/// applied (the caller reconciles when the outcome is unknown).
/// </summary>
/// <param name="ec2">The EC2 port.</param>
/// <param name="clusterName">Tagged on every ENI created.</param>
internal sealed class CallExecutor(IEc2Port ec2, string clusterName)
{
    /// <summary>The tag that records which intent created an ENI (its client token), so a reconcile can match them.</summary>
    public const string IntentTag = "fleet.io/intent";

    /// <summary>What a successful call took from or gave back to a subnet.</summary>
    public readonly record struct SubnetDelta(string SubnetId, int Addresses, int Blocks);

    /// <summary>Executes the action; returns the error, or the subnet change on success.</summary>
    public async Task<(Ec2Error? Error, SubnetDelta? Delta)> ExecuteAsync(
        NodeGrainState state, string instanceId, PlannedAction action, string? clientToken, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case AssignAddresses assign:
            {
                var eni = Find(state, assign.EniId);
                var result = await ec2.AssignPrivateIpAddressesAsync(new AssignRequest(assign.EniId, assign.Kind, assign.Count), cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    return (result.Error, null);
                }

                if (eni is null)
                {
                    return (null, null);
                }

                // Only what is new, and never the ENI's primary: an answer may echo every address of the ENI (moto's
                // does, primary included), and the primary is not a pod's to use whatever an answer claims.
                var prefixes = result.Value.Prefixes.Except(eni.Prefixes).ToList();
                var ips = result.Value.Ips.Where(ip => ip != eni.PrimaryIp).Except(eni.SecondaryIps).ToList();
                eni.Prefixes.AddRange(prefixes);
                eni.SecondaryIps.AddRange(ips);
                var blocks = prefixes.Count + ((ips.Count + 15) / 16);
                return (null, new SubnetDelta(eni.SubnetId, (prefixes.Count * 16) + ips.Count, blocks));
            }

            case CreateInterface create:
            {
                var tags = ImmutableDictionary<string, string>.Empty
                    .Add(FleetTags.Cluster, clusterName)
                    .Add(FleetTags.Node, instanceId)
                    .Add(IntentTag, clientToken ?? string.Empty);
                var request = new CreateEniRequest(create.SubnetId, create.Kind, create.Count, create.SecurityGroups, tags,
                    $"Fleet ({instanceId})", clientToken ?? throw new InvalidOperationException("A create needs a client token."));
                var result = await ec2.CreateNetworkInterfaceAsync(request, cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    return (result.Error, null);
                }

                var record = StateMapping.ToRecord(result.Value);
                record.CreatedAt = now;
                state.Enis.RemoveAll(e => e.Id == record.Id);
                state.Enis.Add(record);
                var blocks = create.Kind == AddressKind.Prefix ? create.Count : (create.Count + 15) / 16;
                return (null, new SubnetDelta(create.SubnetId, create.Addresses + 1, blocks));
            }

            case AttachInterface attach:
            {
                var result = await ec2.AttachNetworkInterfaceAsync(new AttachEniRequest(attach.EniId, instanceId, attach.DeviceIndex, attach.NetworkCard), cancellationToken)
                    .ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    return (result.Error, null);
                }

                if (Find(state, attach.EniId) is { } eni)
                {
                    eni.AttachmentId = result.Value;
                    eni.DeviceIndex = attach.DeviceIndex;
                    eni.NetworkCard = attach.NetworkCard;
                    eni.DeleteOnTermination = false;
                }

                return (null, null);
            }

            case SetDeleteOnTermination dot:
            {
                var result = await ec2.SetDeleteOnTerminationAsync(dot.EniId, dot.AttachmentId, cancellationToken).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    return (result.Error, null);
                }

                if (Find(state, dot.EniId) is { } eni)
                {
                    eni.DeleteOnTermination = true;
                }

                return (null, null);
            }

            case ReleaseAddresses release:
            {
                var result = await ec2.UnassignPrivateIpAddressesAsync(new UnassignRequest(release.EniId, release.Prefixes, release.Ips), cancellationToken)
                    .ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    return (result.Error, null);
                }

                var eni = Find(state, release.EniId);
                eni?.Prefixes.RemoveAll(p => release.Prefixes.Contains(p));
                eni?.SecondaryIps.RemoveAll(ip => release.Ips.Contains(ip));
                return (null, new SubnetDelta(eni?.SubnetId ?? string.Empty, -release.Addresses, -release.Prefixes.Length));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown planned action.");
        }
    }

    private static EniRecord? Find(NodeGrainState state, string eniId) => state.Enis.Find(e => e.Id == eniId);
}
