using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Engine;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>What faults a call drew.</summary>
/// <param name="Error">An error to answer instead of doing anything (InternalError or Unavailable).</param>
/// <param name="Spike">Extra latency (before compression).</param>
/// <param name="ResponseLost">Apply the call but lose the response.</param>
/// <param name="NotVisible">A describe answers an empty page, as before its resources were visible.</param>
internal readonly record struct FaultDraw(Ec2Error? Error, TimeSpan Spike, bool ResponseLost, bool NotVisible = false);

/// <summary>
/// Draws faults per call: counted rules first (the next N calls), then seeded probabilities. Rules keyed by action
/// (or <c>*</c>) and by scope (<c>zone:…</c>, <c>subnet:…</c>) alike; a rule set with <c>For</c> heals that long (EC2
/// time, so ÷ compression on this wall clock) after the table was set.
/// </summary>
internal sealed class FaultInjector(int seed, double compression)
{
    private readonly Random _random = new(unchecked((seed * 104729) + 3));
    private Dictionary<string, ActionFaultOptions> _faults = new(StringComparer.Ordinal);
    private DateTimeOffset _setAt;

    /// <summary>Whether any rule is keyed by a zone or subnet (only then are a call's scopes worth computing).</summary>
    public bool HasScoped { get; private set; }

    /// <summary>Replaces the fault table (copied: counts are consumed here, never in the caller's objects).</summary>
    public void Set(IDictionary<string, ActionFaultOptions> faults, DateTimeOffset now)
    {
        _faults = faults.ToDictionary(f => f.Key, f => Copy(f.Value), StringComparer.Ordinal);
        _setAt = now;
        HasScoped = _faults.Keys.Any(IsScope);
    }

    /// <summary>The current table with remaining counts.</summary>
    public IReadOnlyDictionary<string, ActionFaultOptions> Current => _faults.ToDictionary(f => f.Key, f => Copy(f.Value));

    /// <summary>Whether a key names a zone or subnet rather than an action.</summary>
    public static bool IsScope(string key) => key.StartsWith("zone:", StringComparison.Ordinal) || key.StartsWith("subnet:", StringComparison.Ordinal);

    /// <summary>
    /// The faults a call draws: its action's rules (unless <paramref name="scopedOnly"/>) and those of every scope it
    /// touches (<paramref name="scopes"/>, may be null).
    /// </summary>
    public FaultDraw Draw(Ec2Action action, DateTimeOffset now, IReadOnlyCollection<string>? scopes = null, bool scopedOnly = false)
    {
        if (_faults.Count == 0)
        {
            return default;
        }

        var rules = new List<ActionFaultOptions>(4);
        if (!scopedOnly)
        {
            Live(action.WireName());
            Live("*");
        }

        foreach (var scope in scopes ?? [])
        {
            Live(scope);
        }

        Ec2Error? error = null;
        var spike = TimeSpan.Zero;
        if (rules.Any(r => Fires(r.InternalError)))
        {
            error = Ec2Errors.InternalError;
        }
        else if (rules.Any(r => Fires(r.Unavailable)))
        {
            error = Ec2Errors.Unavailable;
        }
        else if (rules.FirstOrDefault(r => Fires(r.Timeout)) is { } hung)
        {
            error = Ec2Errors.Unavailable;
            spike += hung.Timeout!.After;
        }

        foreach (var rule in rules.Select(r => r.LatencySpike))
        {
            if (Fires(rule))
            {
                spike += rule!.Extra;
            }
        }

        var lost = error is null && rules.Any(r => Fires(r.ResponseLost));
        var invisible = error is null && action.WireName().StartsWith("Describe", StringComparison.Ordinal) && rules.Any(r => Fires(r.NotVisible));
        return new FaultDraw(error, spike, lost, invisible);

        void Live(string key)
        {
            if (_faults.TryGetValue(key, out var rule) && (rule.For is not { } lasts || (now - _setAt) * compression < lasts))
            {
                rules.Add(rule);
            }
        }
    }

    private bool Fires(FaultRule? rule)
    {
        if (rule is null)
        {
            return false;
        }

        if (rule.Count > 0)
        {
            rule.Count--;
            return true;
        }

        return rule.Probability > 0 && _random.NextDouble() < rule.Probability;
    }

    private static ActionFaultOptions Copy(ActionFaultOptions o) => new()
    {
        InternalError = Copy(o.InternalError),
        Unavailable = Copy(o.Unavailable),
        ResponseLost = Copy(o.ResponseLost),
        LatencySpike = o.LatencySpike is { } s ? new LatencySpikeRule { Probability = s.Probability, Count = s.Count, Extra = s.Extra } : null,
        NotVisible = Copy(o.NotVisible),
        Timeout = o.Timeout is { } t ? new TimeoutRule { Probability = t.Probability, Count = t.Count, After = t.After } : null,
        For = o.For,
    };

    private static FaultRule? Copy(FaultRule? r) => r is null ? null : new FaultRule { Probability = r.Probability, Count = r.Count };
}
