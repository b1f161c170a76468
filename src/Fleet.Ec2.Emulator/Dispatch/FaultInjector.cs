using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Engine;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>What faults a call drew.</summary>
/// <param name="Error">An error to answer instead of doing anything (InternalError or Unavailable).</param>
/// <param name="Spike">Extra latency (before compression).</param>
/// <param name="ResponseLost">Apply the call but lose the response.</param>
internal readonly record struct FaultDraw(Ec2Error? Error, TimeSpan Spike, bool ResponseLost);

/// <summary>Draws faults per call: counted rules first (the next N calls), then seeded probabilities.</summary>
internal sealed class FaultInjector(int seed)
{
    private readonly Random _random = new(unchecked((seed * 104729) + 3));
    private Dictionary<string, ActionFaultOptions> _faults = new(StringComparer.Ordinal);

    /// <summary>Replaces the fault table (copied: counts are consumed here, never in the caller's objects).</summary>
    public void Set(IDictionary<string, ActionFaultOptions> faults) =>
        _faults = faults.ToDictionary(f => f.Key, f => Copy(f.Value), StringComparer.Ordinal);

    /// <summary>The current table with remaining counts.</summary>
    public IReadOnlyDictionary<string, ActionFaultOptions> Current => _faults.ToDictionary(f => f.Key, f => Copy(f.Value));

    public FaultDraw Draw(Ec2Action action)
    {
        if (_faults.Count == 0)
        {
            return default;
        }

        var specific = _faults.GetValueOrDefault(action.WireName());
        var all = _faults.GetValueOrDefault("*");
        Ec2Error? error = null;
        if (Fires(specific?.InternalError) || Fires(all?.InternalError))
        {
            error = Ec2Errors.InternalError;
        }
        else if (Fires(specific?.Unavailable) || Fires(all?.Unavailable))
        {
            error = Ec2Errors.Unavailable;
        }

        var spike = TimeSpan.Zero;
        foreach (var rule in new[] { specific?.LatencySpike, all?.LatencySpike })
        {
            if (Fires(rule))
            {
                spike += rule!.Extra;
            }
        }

        var lost = error is null && (Fires(specific?.ResponseLost) || Fires(all?.ResponseLost));
        return new FaultDraw(error, spike, lost);
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
    };

    private static FaultRule? Copy(FaultRule? r) => r is null ? null : new FaultRule { Probability = r.Probability, Count = r.Count };
}
