using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace Fleet.Cli.Commands;

/// <summary>
/// The instances <c>fleet load</c> acts for: launched through EC2 (RunInstances, one call per availability zone's
/// default subnet, as any client would), or found running there. Talks to the EC2 endpoint Fleet uses — by default the
/// emulator embedded in a default silo.
/// </summary>
internal static class LoadInstances
{
    public static IAmazonEC2 Client(string endpoint, string region) => new AmazonEC2Client(
        new BasicAWSCredentials("fleet-load", "fleet-load"),
        new AmazonEC2Config { ServiceURL = endpoint, AuthenticationRegion = region, MaxErrorRetry = 3 });

    public static async Task<IReadOnlyList<string>> LaunchAsync(IAmazonEC2 ec2, int count, string instanceType, CancellationToken cancellationToken)
    {
        var subnets = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest
        {
            Filters = [new Filter("default-for-az", ["true"])],
        }, cancellationToken)).Subnets ?? [];
        if (subnets.Count == 0)
        {
            throw new InvalidOperationException("EC2 has no default subnet to launch into.");
        }

        var launched = new List<string>();
        for (var i = 0; i < subnets.Count && launched.Count < count; i++)
        {
            var share = (count - launched.Count + (subnets.Count - i) - 1) / (subnets.Count - i);
            var response = await ec2.RunInstancesAsync(new RunInstancesRequest
            {
                ImageId = "ami-00000000000000000",
                InstanceType = instanceType,
                MinCount = share,
                MaxCount = share,
                SubnetId = subnets[i].SubnetId,
            }, cancellationToken);
            launched.AddRange((response.Reservation?.Instances ?? []).Select(x => x.InstanceId));
        }

        return launched;
    }

    /// <summary>
    /// Terminates <paramref name="instances"/> (what this run launched), a thousand per TerminateInstances call; answers
    /// how many EC2 accepted. Not cancellable: it runs when the run ends or was interrupted.
    /// </summary>
    public static async Task<int> TerminateAsync(IAmazonEC2 ec2, IReadOnlyList<string> instances)
    {
        var terminated = 0;
        foreach (var batch in instances.Chunk(1000))
        {
            var response = await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [.. batch] }, CancellationToken.None);
            terminated += response.TerminatingInstances?.Count ?? 0;
        }

        return terminated;
    }

    public static async Task<IReadOnlyList<string>> RunningAsync(IAmazonEC2 ec2, int count, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        string? next = null;
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest
            {
                Filters = [new Filter("instance-state-name", ["running"])],
                MaxResults = 1000,
                NextToken = next,
            }, cancellationToken);
            found.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(x => x.InstanceId));
            next = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (next is not null && found.Count < count);

        return [.. found.Take(count)];
    }
}
