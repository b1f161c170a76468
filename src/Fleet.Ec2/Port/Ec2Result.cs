using System.Diagnostics.CodeAnalysis;
using Fleet.Ec2.Errors;

namespace Fleet.Ec2.Port;

/// <summary>The outcome of one EC2 call: a value or an <see cref="Ec2Error"/>.</summary>
public readonly struct Ec2Result<T>
{
    private readonly T? _value;

    private Ec2Result(T? value, Ec2Error? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, or null on success.</summary>
    public Ec2Error? Error { get; }

    /// <summary>Whether the call succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value; throws if the call failed.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"The EC2 call failed: {Error}.");

    /// <summary>A success.</summary>
    public static Ec2Result<T> Ok(T value) => new(value, null);

    /// <summary>A failure.</summary>
    public static Ec2Result<T> Fail(Ec2Error error) => new(default, error);

    /// <summary>A success.</summary>
    public static implicit operator Ec2Result<T>(T value) => Ok(value);

    /// <summary>A failure.</summary>
    public static implicit operator Ec2Result<T>(Ec2Error error) => Fail(error);

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? $"Ok({_value})" : $"Error({Error})";
}
