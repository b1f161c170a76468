namespace Fleet.Core.Catalog;

/// <summary>The number of interfaces one network card of an instance type can hold.</summary>
/// <param name="Index">The network card index (0 is the card that carries eth0).</param>
/// <param name="MaxInterfaces">The most ENIs attachable to this card.</param>
public sealed record NetworkCardLimit(int Index, int MaxInterfaces);
