using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Engine;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>
/// Samples latencies and asynchronous delays from log-normal distributions (median, p99), seeded, each divided by
/// the time compression factor.
/// </summary>
internal sealed class LatencyModel : IRegionTiming
{
    private const double Z99 = 2.3263478740408408;
    private readonly Random _random;
    private readonly double _compression;
    private readonly LatencyOptions _options;
    private readonly LatencySpec[] _perAction;

    public LatencyModel(LatencyOptions options, double compression, int seed)
    {
        _options = options;
        _compression = compression;
        _random = new Random(unchecked((seed * 7919) + 13));
        var actions = Enum.GetValues<Ec2Action>();
        _perAction = new LatencySpec[actions.Length];
        foreach (var action in actions)
        {
            _perAction[(int)action] = options.Actions.TryGetValue(action.WireName(), out var spec) ? spec : LatencyDefaults.For(action);
        }
    }

    public TimeSpan Call(Ec2Action action) => _options.Enabled ? Draw(_perAction[(int)action]) : TimeSpan.Zero;

    public TimeSpan Throttled() => _options.Enabled ? Draw(_options.Throttled) : TimeSpan.Zero;

    public TimeSpan Scale(TimeSpan extra) => extra / _compression;

    public TimeSpan AttachCompletion() => Draw(_options.AttachCompletion);

    public TimeSpan DetachCompletion() => Draw(_options.DetachCompletion);

    public TimeSpan ConsistencyLag() => _options.ConsistencyLag is { } lag ? Draw(lag) : TimeSpan.Zero;

    private TimeSpan Draw(LatencySpec spec)
    {
        if (spec.Median <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var sigma = spec.P99 > spec.Median ? Math.Log(spec.P99 / spec.Median) / Z99 : 0;
        var value = sigma == 0 ? spec.Median : spec.Median * Math.Exp(sigma * NextGaussian());
        return value / _compression;
    }

    private double NextGaussian()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
