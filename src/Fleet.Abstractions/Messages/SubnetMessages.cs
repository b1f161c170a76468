using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>What a subnet can still give, as last seen minus reservations since.</summary>
[GenerateSerializer, Immutable, Alias("fleet.SubnetCapacityView")]
public sealed record SubnetCapacityView(
    [property: Id(0)] string SubnetId,
    [property: Id(1)] string VpcId,
    [property: Id(2)] string AvailabilityZone,
    [property: Id(3)] string CidrBlock,
    [property: Id(4)] int FreeAddresses,
    [property: Id(5)] int FreeBlocks,
    [property: Id(6)] ImmutableDictionary<string, string> Tags,
    [property: Id(7)] DateTimeOffset? PrefixesExhaustedUntil,
    [property: Id(8)] DateTimeOffset? AddressesExhaustedUntil,
    [property: Id(9)] DateTimeOffset? SeenAt)
{
    /// <summary>Calls into the subnet failed transiently: it comes after its healthy siblings until then.</summary>
    [Id(10)]
    public DateTimeOffset? ImpairedUntil { get; init; }
}
