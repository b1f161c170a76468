namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// Client tokens seen by CreateNetworkInterface and RunInstances: the same token with the same parameters returns
/// the original answer (refreshed when the resource still exists); with other parameters, IdempotentParameterMismatch. Tokens expire after the lifetime.
/// </summary>
internal sealed class IdempotencyTokens(TimeSpan lifetime)
{
    private readonly Dictionary<(string Action, string Token), Entry> _entries = [];

    public bool TryGet(string action, string token, DateTimeOffset now, out string fingerprint, out object snapshot)
    {
        if (_entries.TryGetValue((action, token), out var entry) && entry.ExpiresAt > now)
        {
            (fingerprint, snapshot) = (entry.Fingerprint, entry.Snapshot);
            return true;
        }

        (fingerprint, snapshot) = ("", "");
        return false;
    }

    public void Remember(string action, string token, string fingerprint, object snapshot, DateTimeOffset now)
    {
        if (_entries.Count > 100_000)
        {
            foreach (var key in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }

        _entries[(action, token)] = new Entry(fingerprint, snapshot, now + lifetime);
    }

    private sealed record Entry(string Fingerprint, object Snapshot, DateTimeOffset ExpiresAt);
}
