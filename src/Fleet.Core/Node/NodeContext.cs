using System.Collections.Immutable;
using Fleet.Core.Planning;

namespace Fleet.Core.Node;

/// <summary>What a step may read besides the node's memory: the time, the options, and the zone's subnets.</summary>
/// <param name="Now">The host's clock now (the grain's clock, or the simulator's virtual time from the Unix epoch).</param>
/// <param name="Options">The allocator's options.</param>
/// <param name="Subnets">What the node's zone's subnets can still give, as the host last read it.</param>
/// <param name="Waits">The throttle's queue estimates now, when the host knows them (the simulator does).</param>
/// <param name="GroupPeak">
/// The node's group's quantile peak (<see cref="Priors.PeakHistory.Quantile"/>) as the host last read it, or null when the
/// group has no history yet or the host did not read it (<see cref="NodeLoop.WantsGroupPeak"/> says when it is needed).
/// </param>
public readonly record struct NodeContext(DateTimeOffset Now, AllocatorOptions Options, SubnetView Subnets, PathWaits? Waits = null, int? GroupPeak = null);

/// <summary>The outcome of one step: the node's next memory and what its host must do, in order.</summary>
/// <param name="Memory">The next memory.</param>
/// <param name="Effects">The effects.</param>
public readonly record struct NodeStep(NodeMemory Memory, ImmutableArray<NodeEffect> Effects);
