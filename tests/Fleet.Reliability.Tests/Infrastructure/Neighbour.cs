using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// Another tool in the same account: spends half of the refill of every bucket Fleet draws from (mutating calls on
/// an ENI that is not its own spend a token and then fail, as EC2 charges them; describes are real), as client
/// <c>neighbour</c>. Fleet cannot see it and learns of it only from EC2's throttles.
/// </summary>
internal static class Neighbour
{
    public const string Client = "neighbour";
    private const string Eni = "eni-0ne1gh60000000000";

    private static readonly (string Action, Action<Ec2Region, CallContext> Call)[] s_calls =
    [
        ("CreateNetworkInterface", (r, c) => r.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0ne1gh60000000000" }, c)),
        ("AttachNetworkInterface", (r, c) => r.AttachNetworkInterface(new AttachNetworkInterfaceRequest(Eni, "i-0ne1gh60000000000", 1), c)),
        ("AssignPrivateIpAddresses", (r, c) => r.AssignPrivateIpAddresses(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = Eni, SecondaryPrivateIpAddressCount = 1 }, c)),
        ("UnassignPrivateIpAddresses", (r, c) => r.UnassignPrivateIpAddresses(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = Eni, PrivateIpAddresses = ["10.9.9.9"] }, c)),
        ("ModifyNetworkInterfaceAttribute", (r, c) => r.ModifyNetworkInterfaceAttribute(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = Eni, SourceDestCheck = true }, c)),
        ("DeleteNetworkInterface", (r, c) => r.DeleteNetworkInterface(new DeleteNetworkInterfaceRequest(Eni), c)),
        ("DescribeNetworkInterfaces", (r, c) => r.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest { Filters = [new Ec2Filter("status", ["available"])] }, c)),
        ("DescribeInstances", (r, c) => r.DescribeInstances(new DescribeInstancesRequest { Filters = [new Ec2Filter("instance-state-name", ["running"])] }, c)),
        ("DescribeSubnets", (r, c) => r.DescribeSubnets(new DescribeSubnetsRequest { Filters = [new Ec2Filter("vpc-id", ["vpc-0e000000000000001"])] }, c)),
    ];

    /// <summary>Spends until cancelled; answers the calls made.</summary>
    public static async Task<long> SpendAsync(Ec2Region region, double compression, CancellationToken stop)
    {
        var context = new CallContext(Client);
        var owed = new double[s_calls.Length];
        var rates = s_calls.Select(c => Ec2ActionFacts.TryParse(c.Action, out var action) ? Ec2BucketDefaults.For(action).RefillPerSecond * compression / 2 : 0).ToArray();
        var made = 0L;
        var last = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = TimeProvider.System.GetTimestamp();
                var elapsed = TimeProvider.System.GetElapsedTime(last, now).TotalSeconds;
                last = now;
                for (var i = 0; i < s_calls.Length; i++)
                {
                    owed[i] += rates[i] * elapsed;
                    for (; owed[i] >= 1; owed[i]--, made++)
                    {
                        s_calls[i].Call(region, context);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return made;
    }
}
