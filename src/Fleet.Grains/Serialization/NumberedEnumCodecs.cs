using System.Buffers;
using Fleet.Core.Throttling;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.WireProtocol;

namespace Fleet.Grains.Serialization;

/// <summary>
/// Fleet.Core's enums on the wire as their numbers, as Orleans writes any enum: the same bytes as the enums of the
/// Fleet 0.1 token protocol they replace (<c>WorkKind</c>, <c>GrantOutcome</c>), whose values they share.
/// </summary>
/// <typeparam name="T">The enum.</typeparam>
public abstract class NumberedEnumCodec<T> : IFieldCodec<T>, IDeepCopier<T>
    where T : struct, Enum
{
    /// <inheritdoc />
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, T value)
        where TBufferWriter : IBufferWriter<byte> =>
        Int32Codec.WriteField(ref writer, fieldIdDelta, expectedType!, Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture), typeof(T));

    /// <inheritdoc />
    public T ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        var number = Int32Codec.ReadValue(ref reader, field);
        var value = (T)Enum.ToObject(typeof(T), number);
        return Enum.IsDefined(value) ? value : throw new InvalidDataException($"{number} is not a {typeof(T).Name}.");
    }

    /// <inheritdoc />
    public T DeepCopy(T input, CopyContext context) => input;
}

/// <summary><see cref="WorkClass"/>: critical 0, housekeeping 1.</summary>
[RegisterSerializer, RegisterCopier]
public sealed class WorkClassCodec : NumberedEnumCodec<WorkClass>;

/// <summary><see cref="CallOutcome"/>: sent 0, throttled 1, unused 2.</summary>
[RegisterSerializer, RegisterCopier]
public sealed class CallOutcomeCodec : NumberedEnumCodec<CallOutcome>;
