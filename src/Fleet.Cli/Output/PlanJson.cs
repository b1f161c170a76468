using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Cli.Output;

/// <summary>The JSON form of <c>fleet plan</c>: the steps as an array, then totals.</summary>
internal static class PlanJson
{
    public static void Write(TextWriter output, InstanceLimits limits, NodeSpec spec, Demand demand, DryRunResult result)
    {
        var document = new PlanDocument(
            limits.InstanceType,
            result.Final.Targets.PrefixMode ? "prefix" : "secondary-ip",
            new PlanInput(demand.Used, demand.Pending, spec.EffectivePreAllocate, spec.MinAllocate, spec.MaxAllocate,
                spec.MaxAboveWatermark, spec.FirstInterfaceIndex),
            [.. result.Steps.Select(ToStep)],
            new PlanTotals(
                result.CriticalCalls,
                result.HousekeepingCalls,
                result.Steps.Length,
                result.LowerBound,
                result.Final.Targets.Available,
                result.Final.Targets.Target,
                result.Final.Status,
                result.Final.Limit,
                result.Final.Detail));
        CliConsole.WriteJson(output, document);
    }

    private static PlanStepJson ToStep(DryRunStep step)
    {
        var (eni, subnet, kind, count, device) = step.Action switch
        {
            AssignAddresses a => (a.EniId, null, (AddressKind?)a.Kind, (int?)a.Count, (int?)null),
            CreateInterface c => (null, c.SubnetId, c.Kind, c.Count, null),
            AttachInterface t => (t.EniId, null, null, null, t.DeviceIndex),
            SetDeleteOnTermination d => (d.EniId, null, null, null, null),
            ReleaseAddresses r => (r.EniId, null, null, r.Prefixes.Length + r.Ips.Length, null),
            _ => ((string?)null, (string?)null, (AddressKind?)null, (int?)null, (int?)null),
        };

        return new PlanStepJson(
            step.Number,
            step.Action.Call.ToString(),
            step.Action.IsCritical ? "critical" : "housekeeping",
            step.EniLabel,
            eni,
            subnet,
            kind is null ? null : (kind == AddressKind.Prefix ? "prefix" : "ip"),
            count,
            device,
            step.AddressesAfter,
            step.Action.Describe());
    }

    private sealed record PlanDocument(string InstanceType, string Mode, PlanInput Input, IReadOnlyList<PlanStepJson> Steps, PlanTotals Totals);

    private sealed record PlanInput(int Used, int Pending, int PreAllocate, int MinAllocate, int MaxAllocate, int MaxAboveWatermark, int FirstInterfaceIndex);

    private sealed record PlanStepJson(
        int Step,
        string Action,
        string Path,
        string Interface,
        string? EniId,
        string? SubnetId,
        string? Kind,
        int? Count,
        int? DeviceIndex,
        int AddressesAfter,
        string Description);

    private sealed record PlanTotals(
        int CriticalCalls,
        int HousekeepingCalls,
        int MutatingCalls,
        int LowerBound,
        int Addresses,
        int Target,
        PlanStatus Status,
        PlanLimit Limit,
        string Detail);
}
