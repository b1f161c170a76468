using Fleet.Core.Errors;
using Fleet.Core.Planning;

namespace Fleet.Core.Node;

/// <summary>What a node does after an EC2 error: the one table, for every host.</summary>
/// <param name="Reconcile">Read the ENIs again before acting (Fleet's view is stale, or the call may have been applied).</param>
/// <param name="Rediscover">Read the instance again (it may be stopping or gone).</param>
/// <param name="Backoff">How long to wait before the next call.</param>
/// <param name="KeepIntent">Keep the intent: a create whose outcome is unknown is retried with the same client token.</param>
/// <param name="Abandon">Give up the ENI the call was for (the janitor deletes it).</param>
/// <param name="Subnet">What to tell the subnet ledger about the call's subnet.</param>
public sealed record ErrorResponse(bool Reconcile, bool Rediscover, ErrorBackoff Backoff, bool KeepIntent, bool Abandon, SubnetMark Subnet);

/// <summary>What an error says about the subnet the call went to.</summary>
public enum SubnetMark
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>It is out of /28 blocks or addresses: avoided until the exhaustion mark expires.</summary>
    Exhausted = 1,

    /// <summary>Calls into it fail transiently (5xx, timeouts): healthy siblings are tried first for a while.</summary>
    Impaired = 2,
}

/// <summary>How long a node waits after an error.</summary>
public enum ErrorBackoff
{
    /// <summary>Not at all: ask again at once (the throttle paces the call).</summary>
    None = 0,

    /// <summary>The next step of the exponential back-off.</summary>
    Step = 1,

    /// <summary>Long: a retry soon would not help (denied by IAM, or a request EC2 calls malformed).</summary>
    Long = 2,
}

/// <summary>The error table.</summary>
public static class ErrorTable
{
    /// <summary>Errors in a row a <see cref="ErrorBackoff.Long"/> back-off counts as (with the default 1 s base: the 60 s maximum).</summary>
    public const int LongBackoffErrors = 30;

    /// <summary>What to do after <paramref name="error"/> answered <paramref name="action"/>.</summary>
    public static ErrorResponse For(Ec2Failure error, PlannedAction action) => error.Kind switch
    {
        // No side effect at EC2; the throttle learned from it; ask again.
        Ec2ErrorKind.Throttled => new(false, false, ErrorBackoff.None, false, false, SubnetMark.None),

        // The call may have been applied: read before acting; a create is retried with the same token, and counts as a
        // strike against its subnet (an Assign's failure says more about the ENI than about the subnet).
        Ec2ErrorKind.Transient => new(true, false, ErrorBackoff.Step, action is CreateInterface, false, action is CreateInterface ? SubnetMark.Impaired : SubnetMark.None),

        Ec2ErrorKind.SubnetOutOfPrefixes or Ec2ErrorKind.SubnetOutOfAddresses => new(false, false, ErrorBackoff.None, false, false, SubnetMark.Exhausted),

        // The instance is stopping, stopped or gone: read it again.
        Ec2ErrorKind.InstanceNotRunning => new(true, true, ErrorBackoff.Step, false, false, SubnetMark.None),
        Ec2ErrorKind.NotFound when error.Code.StartsWith("InvalidInstanceID", StringComparison.Ordinal) => new(true, true, ErrorBackoff.Step, false, false, SubnetMark.None),

        // The instance has no room for the ENI created for it: give it up rather than retry forever.
        Ec2ErrorKind.AttachmentLimit when action is AttachInterface => new(true, false, ErrorBackoff.None, false, true, SubnetMark.None),

        // Fleet's view is stale (or EC2's is not yet consistent).
        Ec2ErrorKind.NotFound or Ec2ErrorKind.SlotLimit or Ec2ErrorKind.AttachmentLimit or Ec2ErrorKind.InUse
            => new(true, false, ErrorBackoff.Step, false, false, SubnetMark.None),

        // The next create gets a new token.
        Ec2ErrorKind.IdempotencyMismatch => new(false, false, ErrorBackoff.None, false, false, SubnetMark.None),

        // Unauthorized or malformed.
        _ => new(false, false, ErrorBackoff.Long, false, false, SubnetMark.None),
    };
}
