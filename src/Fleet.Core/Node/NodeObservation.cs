using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// Something a node's host logs or counts: an effect no host decides anything from. An effect itself, not wrapped in
/// one (a step notes at least one per report).
/// </summary>
public abstract record NodeObservation : NodeEffect;

/// <summary>A call was answered.</summary>
/// <param name="Action">The call.</param>
/// <param name="Error">The error, or null on success.</param>
/// <param name="Waited">How long its token took.</param>
public sealed record CallObserved(PlannedAction Action, Ec2Failure? Error, TimeSpan Waited) : NodeObservation;

/// <summary>The node asked for a token.</summary>
/// <param name="Action">The action.</param>
/// <param name="Deficit">Addresses short.</param>
public sealed record TokenAsked(Ec2Action Action, int Deficit) : NodeObservation;

/// <summary>A report was refused; nothing was stored.</summary>
/// <param name="Outcome">Why.</param>
/// <param name="Detail">The sentence the agent got.</param>
public sealed record ReportRefused(ReportOutcome Outcome, string Detail) : NodeObservation;

/// <summary>EC2 says the instance is terminated or shutting down.</summary>
/// <param name="State">EC2's state name.</param>
public sealed record InstanceGone(string State) : NodeObservation;

/// <summary>An intent whose outcome was unknown was settled by a describe.</summary>
/// <param name="Action">Its action.</param>
public sealed record IntentSettled(Ec2Action Action) : NodeObservation;

/// <summary>A create whose outcome was unknown was given up for a healthy subnet: its own is impaired.</summary>
/// <param name="SubnetId">The impaired subnet it was for.</param>
public sealed record IntentAbandoned(string SubnetId) : NodeObservation;

/// <summary>Excess addresses were proposed to the agent for release.</summary>
/// <param name="Proposal">What.</param>
public sealed record ReleaseProposed(ReleaseAddresses Proposal) : NodeObservation;

/// <summary>A release proposal was withdrawn (an address moved in, or capacity is needed again).</summary>
/// <param name="EniId">Its ENI.</param>
public sealed record ReleaseWithdrawn(string EniId) : NodeObservation;

/// <summary>The node reached its target after being short.</summary>
/// <param name="ShortFor">How long it was short.</param>
public sealed record CapacityReached(TimeSpan ShortFor) : NodeObservation;

/// <summary>Where the node stands against its target (for gauges).</summary>
/// <param name="Available">Addresses held.</param>
/// <param name="Used">In use.</param>
/// <param name="Needed">Still needed.</param>
public sealed record StandingObserved(int Available, int Used, int Needed) : NodeObservation;

/// <summary>EC2 accepted a capacity call that added no usable capacity.</summary>
/// <param name="Action">The call.</param>
/// <param name="InARow">Such calls in a row.</param>
/// <param name="Stopped">Whether the node stopped calling (the limit was reached).</param>
public sealed record NoProgress(Ec2Action Action, int InARow, bool Stopped) : NodeObservation;

/// <summary>The node's peak was recorded in its group's history.</summary>
/// <param name="GroupKey">The group.</param>
/// <param name="Pods">The peak.</param>
/// <param name="Replaced">The node's earlier peak it replaced, or null.</param>
public sealed record PeakRecorded(string GroupKey, int Pods, int? Replaced) : NodeObservation;

/// <summary>A provisioner's intent was accepted, or lapsed.</summary>
/// <param name="Pods">Its pods.</param>
/// <param name="Accepted">True when accepted, false when it lapsed.</param>
/// <param name="Reason">Why it lapsed (demand reached it, or no pods arrived in time); empty when accepted.</param>
public sealed record IntentNoted(int Pods, bool Accepted, string Reason) : NodeObservation;

/// <summary>A call was sized by a prior beyond what the node's own demand asked for.</summary>
/// <param name="Source">Where the prior came from.</param>
/// <param name="Pods">The pods it expects.</param>
public sealed record PriorApplied(Priors.PriorSource Source, int Pods) : NodeObservation;
