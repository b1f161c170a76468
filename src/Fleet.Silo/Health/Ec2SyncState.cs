namespace Fleet.Silo.Health;

/// <summary>Whether this silo has reached EC2 yet: <c>/readyz</c> turns ready after the first successful sync.</summary>
public sealed class Ec2SyncState
{
    private readonly Lock _gate = new();

    /// <summary>When the first successful EC2 call completed; null until then.</summary>
    public DateTimeOffset? SyncedAt { get; private set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>The last failure, if any (code and message).</summary>
    public string? LastError { get; private set; }

    /// <summary>Records an attempt's outcome.</summary>
    public void Record(DateTimeOffset at, string? error)
    {
        lock (_gate)
        {
            Attempts++;
            LastError = error;
            if (error is null)
            {
                SyncedAt ??= at;
            }
        }
    }
}
