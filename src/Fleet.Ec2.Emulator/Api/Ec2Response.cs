namespace Fleet.Ec2.Emulator;

/// <summary>
/// What the dispatch layer answers for one call: the result, the latency sampled for it, and whether the response
/// is to be lost (the change was applied, but the caller never hears back — a fault the caller must survive).
/// The state change, if any, has already happened when this value is returned (at the call's arrival); callers that
/// model time deliver the response <see cref="Latency"/> later — or never, when <see cref="ResponseLost"/> is set.
/// </summary>
/// <typeparam name="T">The action's success type.</typeparam>
/// <param name="Result">The typed success value or the EC2 error.</param>
/// <param name="Latency">How long after arrival the response is due (already divided by the time compression).</param>
/// <param name="ResponseLost">True when the connection is to close without a response.</param>
/// <param name="RequestId">EC2's request id for this call.</param>
public readonly record struct Ec2Response<T>(Ec2Result<T> Result, TimeSpan Latency, bool ResponseLost, string RequestId)
    where T : class
{
    /// <summary>Whether the call succeeded.</summary>
    public bool IsSuccess => Result.IsSuccess;

    /// <summary>The success value, or null.</summary>
    public T? Value => Result.Value;

    /// <summary>The error, or null.</summary>
    public Ec2Error? Error => Result.Error;
}
