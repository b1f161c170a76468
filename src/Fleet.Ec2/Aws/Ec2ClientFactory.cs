using Amazon;
using Amazon.EC2;
using Amazon.Runtime;

namespace Fleet.Ec2.Aws;

/// <summary>
/// Builds the AWSSDK.EC2 client. SDK retries are off (<c>MaxErrorRetry = 0</c>): every request Fleet sends has been
/// paid for with a throttle token, and a blind SDK retry would spend a token the throttle never granted (and, for a
/// non-idempotent Assign, could double the addresses). Fleet retries itself: throttled calls are re-queued at the
/// throttle, transient failures are reconciled from a describe and re-planned, and CreateNetworkInterface is retried
/// with the same ClientToken, so EC2 returns the ENI it may already have created.
/// The SDK also resends, outside <c>MaxErrorRetry</c> and up to ten times by default, a request whose connection was
/// reset or whose response ended early (<c>MaxStaleConnectionRetries</c>). EC2 may have applied such a call, and a
/// connection cut by a client timeout counts too, so those resends are off as well: a lost answer is a transient
/// error that Fleet reconciles from a describe.
/// </summary>
public static class Ec2ClientFactory
{
    /// <summary>Creates a client for the options.</summary>
    public static IAmazonEC2 Create(Ec2Options options)
    {
        var config = new AmazonEC2Config
        {
            MaxErrorRetry = 0,
            MaxStaleConnectionRetries = 0,
            RetryMode = RequestRetryMode.Standard,
            Timeout = options.Timeout,
        };

        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return options.Mode == Ec2Mode.Emulator
            ? new AmazonEC2Client(new BasicAWSCredentials("fleet-emulator", "fleet-emulator"), config)
            : new AmazonEC2Client(config);
    }
}
