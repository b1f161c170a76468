using System.Diagnostics.CodeAnalysis;

namespace Fleet.Ec2.Emulator;

/// <summary>The outcome of one EC2 action: a typed success value or an <see cref="Ec2Error"/>.</summary>
/// <typeparam name="T">The action's success type.</typeparam>
public readonly struct Ec2Result<T>
    where T : class
{
    private Ec2Result(T? value, Ec2Error? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The success value, or null when the call failed.</summary>
    public T? Value { get; }

    /// <summary>The error, or null when the call succeeded.</summary>
    public Ec2Error? Error { get; }

    /// <summary>Whether the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>"OK" on success, otherwise the error code: the outcome as the trail records it.</summary>
    public string OutcomeCode => Error?.Code ?? "OK";

    /// <summary>A success.</summary>
    public static Ec2Result<T> Ok(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static Ec2Result<T> Fail(Ec2Error error) => new(null, error);

    /// <summary>The success value; throws <see cref="InvalidOperationException"/> naming the error otherwise.</summary>
    public T GetValueOrThrow() =>
        Value ?? throw new InvalidOperationException($"The EC2 call failed: {Error!.Code}: {Error.Message}");

#pragma warning disable CA2225 // Conversions exist for brevity inside the engine; Ok/Fail are the named forms.
    /// <summary>Wraps a success value.</summary>
    public static implicit operator Ec2Result<T>(T value) => Ok(value);

    /// <summary>Wraps an error.</summary>
    public static implicit operator Ec2Result<T>(Ec2Error error) => Fail(error);
#pragma warning restore CA2225

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"OK {Value}" : $"{Error.Code}: {Error.Message}";
}
