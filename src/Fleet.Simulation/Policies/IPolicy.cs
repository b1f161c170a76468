using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies;

/// <summary>
/// An allocator under test. The run tells it about nodes joining, demand changing and nodes leaving; it talks to
/// EC2 only through <see cref="PolicyContext.Ec2"/> and makes capacity usable with <see cref="SimNode.SetCapacity"/>.
/// </summary>
public interface IPolicy
{
    /// <summary>The policy's name in reports.</summary>
    string Name { get; }

    /// <summary>The run starts (before any node joins).</summary>
    void Start(PolicyContext context);

    /// <summary>A node's agent reports for the first time.</summary>
    void OnJoined(SimNode node);

    /// <summary>A node's demand changed (a pod arrived, got an address, or left).</summary>
    void OnDemand(SimNode node);

    /// <summary>A node's instance was terminated.</summary>
    void OnLeft(SimNode node);
}

/// <summary>What a policy gets to work with.</summary>
/// <param name="Ec2">EC2, through the emulator's typed API.</param>
/// <param name="Scenario">The scenario (oracles read each node's future from it).</param>
/// <param name="Nodes">Every node of the run, by join order.</param>
public sealed record PolicyContext(Ec2Link Ec2, Scenarios.Scenario Scenario, IReadOnlyList<SimNode> Nodes)
{
    /// <summary>The event loop.</summary>
    public Engine.EventLoop Loop => Ec2.Loop;
}
