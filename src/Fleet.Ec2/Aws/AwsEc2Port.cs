using Fleet.Core.Errors;
using System.Collections.Immutable;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Fleet.Core.Catalog;
using Fleet.Core.Targets;
using Fleet.Ec2.Errors;
using Fleet.Ec2.Port;

namespace Fleet.Ec2.Aws;

/// <summary>The EC2 port over AWSSDK.EC2: one SDK request per call, errors returned as values.</summary>
public sealed class AwsEc2Port(IAmazonEC2 client) : IEc2Port
{
    /// <inheritdoc />
    public Task<Ec2Result<Ec2Page<Ec2Instance>>> DescribeInstancesAsync(InstanceQuery query, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var response = await client.DescribeInstancesAsync(query.ById
                ? new DescribeInstancesRequest { InstanceIds = [.. query.InstanceIds] }
                : new DescribeInstancesRequest
                {
                    Filters = [new Filter("instance-id", [.. query.InstanceIds])],
                    MaxResults = query.MaxResults,
                    NextToken = query.NextToken,
                }, cancellationToken).ConfigureAwait(false);
            var items = (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(AwsMapping.ToInstance);
            return new Ec2Page<Ec2Instance>([.. items], NullIfEmpty(response.NextToken));
        });

    /// <inheritdoc />
    public Task<Ec2Result<Ec2Page<Ec2NetworkInterface>>> DescribeNetworkInterfacesAsync(EniQuery query, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var response = await client.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
            {
                Filters = ToFilters(query.Filters),
                MaxResults = query.MaxResults,
                NextToken = query.NextToken,
            }, cancellationToken).ConfigureAwait(false);
            return new Ec2Page<Ec2NetworkInterface>([.. (response.NetworkInterfaces ?? []).Select(AwsMapping.ToNetworkInterface)], NullIfEmpty(response.NextToken));
        });

    /// <inheritdoc />
    public Task<Ec2Result<Ec2Page<Ec2Subnet>>> DescribeSubnetsAsync(SubnetQuery query, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var response = await client.DescribeSubnetsAsync(new DescribeSubnetsRequest
            {
                Filters = ToFilters(query.Filters),
                MaxResults = query.MaxResults,
                NextToken = query.NextToken,
            }, cancellationToken).ConfigureAwait(false);
            return new Ec2Page<Ec2Subnet>([.. (response.Subnets ?? []).Select(AwsMapping.ToSubnet)], NullIfEmpty(response.NextToken));
        });

    /// <inheritdoc />
    public Task<Ec2Result<IReadOnlyList<InstanceLimits>>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
        Call<IReadOnlyList<InstanceLimits>>(async () =>
        {
            var response = await client.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest
            {
                InstanceTypes = [.. instanceTypes],
            }, cancellationToken).ConfigureAwait(false);
            return [.. (response.InstanceTypes ?? []).Select(AwsMapping.ToLimits)];
        });

    /// <inheritdoc />
    public Task<Ec2Result<Ec2NetworkInterface>> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var sdk = new CreateNetworkInterfaceRequest
            {
                SubnetId = request.SubnetId,
                Description = request.Description,
                ClientToken = request.ClientToken,
                TagSpecifications =
                [
                    new TagSpecification
                    {
                        ResourceType = ResourceType.NetworkInterface,
                        Tags = [.. request.Tags.Select(t => new Tag(t.Key, t.Value))],
                    },
                ],
            };
            if (!request.SecurityGroups.IsDefaultOrEmpty)
            {
                sdk.Groups = [.. request.SecurityGroups];
            }

            if (request.Count > 0)
            {
                if (request.Kind == AddressKind.Prefix)
                {
                    sdk.Ipv4PrefixCount = request.Count;
                }
                else
                {
                    sdk.SecondaryPrivateIpAddressCount = request.Count;
                }
            }

            var response = await client.CreateNetworkInterfaceAsync(sdk, cancellationToken).ConfigureAwait(false);
            return AwsMapping.ToNetworkInterface(response.NetworkInterface);
        });

    /// <inheritdoc />
    public Task<Ec2Result<string>> AttachNetworkInterfaceAsync(AttachEniRequest request, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var response = await client.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest
            {
                NetworkInterfaceId = request.NetworkInterfaceId,
                InstanceId = request.InstanceId,
                DeviceIndex = request.DeviceIndex,
                NetworkCardIndex = request.NetworkCard,
            }, cancellationToken).ConfigureAwait(false);
            return response.AttachmentId;
        });

    /// <inheritdoc />
    public Task<Ec2Result<AssignedAddresses>> AssignPrivateIpAddressesAsync(AssignRequest request, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var sdk = new AssignPrivateIpAddressesRequest { NetworkInterfaceId = request.NetworkInterfaceId };
            if (request.Kind == AddressKind.Prefix)
            {
                sdk.Ipv4PrefixCount = request.Count;
            }
            else
            {
                sdk.SecondaryPrivateIpAddressCount = request.Count;
            }

            var response = await client.AssignPrivateIpAddressesAsync(sdk, cancellationToken).ConfigureAwait(false);
            return new AssignedAddresses(
                [.. (response.AssignedPrivateIpAddresses ?? []).Select(a => a.PrivateIpAddress)],
                [.. (response.AssignedIpv4Prefixes ?? []).Select(p => p.Ipv4Prefix)]);
        });

    /// <inheritdoc />
    public Task<Ec2Result<Done>> UnassignPrivateIpAddressesAsync(UnassignRequest request, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            var sdk = new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = request.NetworkInterfaceId };
            if (!request.Prefixes.IsDefaultOrEmpty)
            {
                sdk.Ipv4Prefixes = [.. request.Prefixes];
            }

            if (!request.Ips.IsDefaultOrEmpty)
            {
                sdk.PrivateIpAddresses = [.. request.Ips];
            }

            await client.UnassignPrivateIpAddressesAsync(sdk, cancellationToken).ConfigureAwait(false);
            return default(Done);
        });

    /// <inheritdoc />
    public Task<Ec2Result<Done>> SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            await client.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest
            {
                NetworkInterfaceId = networkInterfaceId,
                Attachment = new NetworkInterfaceAttachmentChanges { AttachmentId = attachmentId, DeleteOnTermination = true },
            }, cancellationToken).ConfigureAwait(false);
            return default(Done);
        });

    /// <inheritdoc />
    public Task<Ec2Result<Done>> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken) =>
        Call(async () =>
        {
            await client.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = networkInterfaceId }, cancellationToken)
                .ConfigureAwait(false);
            return default(Done);
        });

    private static List<Filter> ToFilters(ImmutableDictionary<string, ImmutableArray<string>> filters) =>
        [.. filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new Filter(f.Key, [.. f.Value]))];

    private static string? NullIfEmpty(string? token) => string.IsNullOrEmpty(token) ? null : token;

    // The SDK runs on the thread pool, never on a caller's single-threaded scheduler (an Orleans activation):
    // parts of the SDK block on async work, which would deadlock such a scheduler.
    private static async Task<Ec2Result<T>> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await Task.Run(call).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (!string.IsNullOrEmpty(e.ErrorCode))
        {
            return Ec2ErrorClassifier.ToError(e.ErrorCode, e.Message, (int)e.StatusCode);
        }
        catch (AmazonServiceException e)
        {
            return new Ec2Error(Ec2ErrorKind.Transient, "ServiceError", e.Message, (int)e.StatusCode);
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException or IOException)
        {
            return new Ec2Error(Ec2ErrorKind.Transient, "NetworkError", e.Message, null);
        }
        catch (TimeoutException e)
        {
            // The SDK's own request timeout (Fleet:Ec2:Timeout) surfaces as a TimeoutException.
            return new Ec2Error(Ec2ErrorKind.Transient, "Timeout", e.Message, null);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException || !e.CancellationToken.IsCancellationRequested)
        {
            return new Ec2Error(Ec2ErrorKind.Transient, "Timeout", e.Message, null);
        }
    }
}
