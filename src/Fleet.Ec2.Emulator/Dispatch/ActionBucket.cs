using Fleet.Core.Throttling;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>
/// One action's bucket: a <see cref="TokenBucket"/> plus, when rejected calls cost a token, a debt that refill
/// pays back before any call is admitted again (the bucket behaves as if it went negative, down to −capacity).
/// </summary>
internal sealed class ActionBucket(string name, BucketSpec spec, TimeProvider time, bool rejectedCallsCostToken)
{
    private readonly TokenBucket _bucket = new(spec.Capacity, spec.RefillPerSecond, time);
    private double _debt;

    public string Name { get; } = name;

    public BucketSpec Spec { get; } = spec;

    /// <summary>Tokens now (negative while in debt).</summary>
    public double Tokens => _bucket.Available - _debt;

    public bool TryTake()
    {
        if (_debt > 0)
        {
            var pay = Math.Min(_debt, _bucket.Available);
            if (pay > 0 && _bucket.TryTake(pay))
            {
                _debt -= pay;
            }
        }

        if (_debt <= 1e-9 && _bucket.TryTake())
        {
            _debt = 0;
            return true;
        }

        if (rejectedCallsCostToken)
        {
            _debt = Math.Min(_debt + 1, Spec.Capacity);
        }

        return false;
    }
}
