using System.Buffers;
using Fleet.Core.Model;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.WireProtocol;

namespace Fleet.Grains.Serialization;

/// <summary>
/// Fleet.Core's enums on the wire and in storage as their names: the form the messages and the persisted state of
/// Fleet 0.1 used (strings), so state written then reads back, and silos of both versions talk during a rolling
/// upgrade. An unknown name is corruption, and fails loudly.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public abstract class NamedEnumCodec<T> : IFieldCodec<T>, IDeepCopier<T>
    where T : struct, Enum
{
    /// <inheritdoc />
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, T value)
        where TBufferWriter : IBufferWriter<byte> =>
        StringCodec.WriteField(ref writer, fieldIdDelta, Name(value));

    /// <inheritdoc />
    public T ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        var name = StringCodec.ReadValue(ref reader, field);
        return Parse(name) ?? throw new InvalidDataException($"'{name}' is not a {typeof(T).Name}.");
    }

    /// <inheritdoc />
    public T DeepCopy(T input, CopyContext context) => input;

    /// <summary>The stored name.</summary>
    protected virtual string Name(T value) => value.ToString();

    /// <summary>The value of a stored name, or null.</summary>
    protected virtual T? Parse(string? name) => Enum.TryParse<T>(name, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : null;
}

/// <summary><see cref="Ec2Action"/> as EC2's action name.</summary>
[RegisterSerializer, RegisterCopier]
public sealed class Ec2ActionCodec : NamedEnumCodec<Ec2Action>;

/// <summary><see cref="AddressKind"/> as <c>prefix</c> or <c>ip</c> (Fleet 0.1's intent records).</summary>
[RegisterSerializer, RegisterCopier]
public sealed class AddressKindCodec : NamedEnumCodec<AddressKind>
{
    /// <inheritdoc />
    protected override string Name(AddressKind value) => value == AddressKind.Prefix ? "prefix" : "ip";

    /// <inheritdoc />
    protected override AddressKind? Parse(string? name) => name switch
    {
        "prefix" => AddressKind.Prefix,
        "ip" => AddressKind.Ip,
        _ => null,
    };
}

/// <summary><see cref="PrefixDelegation"/> as <c>auto</c>, <c>on</c> or <c>off</c> (the spec's wire form).</summary>
[RegisterSerializer, RegisterCopier]
public sealed class PrefixDelegationCodec : NamedEnumCodec<PrefixDelegation>
{
    /// <inheritdoc />
    protected override string Name(PrefixDelegation value) => value switch
    {
        PrefixDelegation.On => "on",
        PrefixDelegation.Off => "off",
        _ => "auto",
    };

    /// <inheritdoc />
    protected override PrefixDelegation? Parse(string? name) => name switch
    {
        "on" => PrefixDelegation.On,
        "off" => PrefixDelegation.Off,
        "auto" => PrefixDelegation.Auto,
        _ => null,
    };
}
