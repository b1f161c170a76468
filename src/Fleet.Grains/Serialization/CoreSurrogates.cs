using System.Buffers;
using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Throttling;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace Fleet.Grains.Serialization;

/// <summary>
/// <see cref="Urgency"/> in the layout of Fleet 0.1's <c>TokenUrgency</c> record (kind, pods pending, deficit), so silos of
/// both versions exchange token requests during a rolling upgrade. Written by hand because Orleans' surrogates for a
/// value type lay an object out without the base-type marker that a record carries.
/// </summary>
[RegisterSerializer, RegisterCopier]
public sealed class UrgencyCodec(ICodecProvider codecs) : IFieldCodec<Urgency>, IDeepCopier<Urgency>
{
    private readonly IFieldCodec<WorkClass> _class = codecs.GetCodec<WorkClass>();

    /// <inheritdoc />
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, Urgency value)
        where TBufferWriter : IBufferWriter<byte>
    {
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteStartObject(fieldIdDelta, expectedType!, typeof(Urgency));
        writer.WriteEndBase();
        _class.WriteField(ref writer, 0, typeof(WorkClass), value.Class);
        Int32Codec.WriteField(ref writer, 1, value.PendingPods);
        Int32Codec.WriteField(ref writer, 1, value.Deficit);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public Urgency ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        field.EnsureWireTypeTagDelimited();
        ReferenceCodec.MarkValueField(reader.Session);
        var (kind, pending, deficit) = (WorkClass.Critical, 0, 0);
        var fields = new TaggedFields<TInput>();
        while (fields.Next(ref reader, out var id, out var header))
        {
            switch (id)
            {
                case 0: kind = _class.ReadValue(ref reader, header); break;
                case 1: pending = Int32Codec.ReadValue(ref reader, header); break;
                case 2: deficit = Int32Codec.ReadValue(ref reader, header); break;
                default: reader.SkipField(header); break;
            }
        }

        return new Urgency(kind, pending, deficit);
    }

    /// <inheritdoc />
    public Urgency DeepCopy(Urgency input, CopyContext context) => input;
}

/// <summary>
/// <see cref="NodeSpec"/> in storage and on the wire in the layout of its wire form, <c>NodeSpecDto</c> (which Fleet 0.1
/// persisted), so a node's persisted spec reads back across versions; fields added since take new ids.
/// </summary>
[RegisterSerializer, RegisterCopier]
public sealed class NodeSpecCodec(ICodecProvider codecs) : IFieldCodec<NodeSpec>, IDeepCopier<NodeSpec>
{
    private static readonly Type ListType = typeof(ImmutableArray<string>);
    private static readonly Type TagsType = typeof(ImmutableDictionary<string, string>);
    private readonly IFieldCodec<ImmutableArray<string>> _list = codecs.GetCodec<ImmutableArray<string>>();
    private readonly IFieldCodec<ImmutableDictionary<string, string>> _tags = codecs.GetCodec<ImmutableDictionary<string, string>>();
    private readonly IFieldCodec<PrefixDelegation> _delegation = codecs.GetCodec<PrefixDelegation>();

    /// <inheritdoc />
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, NodeSpec? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType!, value))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(value); // a null was written as a null reference above
        writer.WriteStartObject(fieldIdDelta, expectedType!, typeof(NodeSpec));
        writer.WriteEndBase();
        Int32Codec.WriteField(ref writer, 0, value.PreAllocate);
        Int32Codec.WriteField(ref writer, 1, value.MinAllocate);
        Int32Codec.WriteField(ref writer, 1, value.MaxAllocate);
        Int32Codec.WriteField(ref writer, 1, value.MaxAboveWatermark);
        Int32Codec.WriteField(ref writer, 1, value.FirstInterfaceIndex);
        BoolCodec.WriteField(ref writer, 1, value.UsePrimaryAddress);
        _delegation.WriteField(ref writer, 1, typeof(PrefixDelegation), value.PrefixDelegation);
        _list.WriteField(ref writer, 1, ListType, value.SubnetIds);
        _tags.WriteField(ref writer, 1, TagsType, value.SubnetTags);
        _list.WriteField(ref writer, 1, ListType, value.SecurityGroups);
        BoolCodec.WriteField(ref writer, 1, value.DeleteOnTermination);
        _tags.WriteField(ref writer, 1, TagsType, value.ExcludeInterfaceTags);
        Int32Codec.WriteField(ref writer, 1, value.MaxPods);
        StringCodec.WriteField(ref writer, 1, value.NodeGroup);
        StringCodec.WriteField(ref writer, 1, value.Cluster);
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public NodeSpec ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.WireType == WireType.Reference)
        {
            return ReferenceCodec.ReadReference<NodeSpec, TInput>(ref reader, field)!;
        }

        field.EnsureWireTypeTagDelimited();
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        var spec = new NodeSpec();
        var fields = new TaggedFields<TInput>();
        while (fields.Next(ref reader, out var id, out var header))
        {
            spec = id switch
            {
                0 => spec with { PreAllocate = Int32Codec.ReadValue(ref reader, header) },
                1 => spec with { MinAllocate = Int32Codec.ReadValue(ref reader, header) },
                2 => spec with { MaxAllocate = Int32Codec.ReadValue(ref reader, header) },
                3 => spec with { MaxAboveWatermark = Int32Codec.ReadValue(ref reader, header) },
                4 => spec with { FirstInterfaceIndex = Int32Codec.ReadValue(ref reader, header) },
                5 => spec with { UsePrimaryAddress = BoolCodec.ReadValue(ref reader, header) },
                6 => spec with { PrefixDelegation = _delegation.ReadValue(ref reader, header) },
                7 => spec with { SubnetIds = Default(_list.ReadValue(ref reader, header)) },
                8 => spec with { SubnetTags = _tags.ReadValue(ref reader, header) ?? ImmutableDictionary<string, string>.Empty },
                9 => spec with { SecurityGroups = Default(_list.ReadValue(ref reader, header)) },
                10 => spec with { DeleteOnTermination = BoolCodec.ReadValue(ref reader, header) },
                11 => spec with { ExcludeInterfaceTags = _tags.ReadValue(ref reader, header) ?? ImmutableDictionary<string, string>.Empty },
                12 => spec with { MaxPods = Int32Codec.ReadValue(ref reader, header) },
                13 => spec with { NodeGroup = StringCodec.ReadValue(ref reader, header) },
                14 => spec with { Cluster = StringCodec.ReadValue(ref reader, header) },
                _ => Skip(ref reader, header, spec),
            };
        }

        ReferenceCodec.RecordObject(reader.Session, spec, placeholder);
        return spec;
    }

    /// <inheritdoc />
    public NodeSpec? DeepCopy(NodeSpec? input, CopyContext context) => input; // immutable

    private static ImmutableArray<string> Default(ImmutableArray<string> list) => list.IsDefault ? [] : list;

    private static NodeSpec Skip<TInput>(ref Reader<TInput> reader, Field header, NodeSpec spec)
    {
        reader.SkipField(header); // a field a later version added
        return spec;
    }
}

/// <summary>Walks the fields of a tagged object (after its base-type marker), accumulating field ids.</summary>
/// <typeparam name="TInput">The reader's input.</typeparam>
internal struct TaggedFields<TInput>
{
    private uint _id;
    private bool _pastBase;

    /// <summary>Moves to the next field; false at the end of the object.</summary>
    public bool Next(ref Reader<TInput> reader, out uint id, out Field header)
    {
        header = default;
        reader.ReadFieldHeader(ref header);
        if (!_pastBase)
        {
            _pastBase = true;
            if (header.IsEndBaseFields)
            {
                reader.ReadFieldHeader(ref header); // past the (empty) base type's fields
            }
        }

        if (header.IsEndBaseOrEndObject)
        {
            id = 0;
            return false;
        }

        _id += header.FieldIdDelta;
        id = _id;
        return true;
    }
}
