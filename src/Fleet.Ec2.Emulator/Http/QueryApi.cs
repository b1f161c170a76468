using System.Collections.Frozen;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Engine;

namespace Fleet.Ec2.Emulator.Http;

/// <summary>
/// The EC2 Query API without HTTP: <c>Action</c> → read the typed request → call the region → render EC2's XML (or
/// its error envelope). Unknown actions answer <c>InvalidAction</c>; parameters that do not parse answer the error
/// they recorded, after the action's bucket (a malformed call costs a token as any other).
/// </summary>
internal static class QueryApi
{
    private delegate QueryOutcome Handler(QueryParameters q, Ec2Region region, CallContext context);

    private static readonly FrozenDictionary<string, Handler> s_handlers = new Dictionary<string, Handler>(StringComparer.Ordinal)
    {
        ["RunInstances"] = Handle(Ec2Action.RunInstances, QueryRequestReader.RunInstances, (g, r, c) => g.RunInstances(r, c), XmlResponses.RunInstances),
        ["TerminateInstances"] = Handle(Ec2Action.TerminateInstances, QueryRequestReader.TerminateInstances, (g, r, c) => g.TerminateInstances(r, c), XmlResponses.TerminateInstances),
        ["DescribeInstances"] = Handle(Ec2Action.DescribeInstances, QueryRequestReader.DescribeInstances, (g, r, c) => g.DescribeInstances(r, c), XmlResponses.DescribeInstances),
        ["DescribeInstanceTypes"] = Handle(Ec2Action.DescribeInstanceTypes, QueryRequestReader.DescribeInstanceTypes, (g, r, c) => g.DescribeInstanceTypes(r, c), XmlResponses.DescribeInstanceTypes),
        ["DescribeVpcs"] = Handle(Ec2Action.DescribeVpcs, QueryRequestReader.DescribeVpcs, (g, r, c) => g.DescribeVpcs(r, c), XmlResponses.DescribeVpcs),
        ["DescribeSubnets"] = Handle(Ec2Action.DescribeSubnets, QueryRequestReader.DescribeSubnets, (g, r, c) => g.DescribeSubnets(r, c), XmlResponses.DescribeSubnets),
        ["DescribeSecurityGroups"] = Handle(Ec2Action.DescribeSecurityGroups, QueryRequestReader.DescribeSecurityGroups, (g, r, c) => g.DescribeSecurityGroups(r, c), XmlResponses.DescribeSecurityGroups),
        ["CreateNetworkInterface"] = Handle(Ec2Action.CreateNetworkInterface, QueryRequestReader.CreateNetworkInterface, (g, r, c) => g.CreateNetworkInterface(r, c), XmlResponses.CreateNetworkInterface),
        ["AttachNetworkInterface"] = Handle(Ec2Action.AttachNetworkInterface, QueryRequestReader.AttachNetworkInterface, (g, r, c) => g.AttachNetworkInterface(r, c), XmlResponses.AttachNetworkInterface),
        ["DetachNetworkInterface"] = Handle(Ec2Action.DetachNetworkInterface, QueryRequestReader.DetachNetworkInterface, (g, r, c) => g.DetachNetworkInterface(r, c), XmlResponses.Acknowledgement),
        ["DeleteNetworkInterface"] = Handle(Ec2Action.DeleteNetworkInterface, QueryRequestReader.DeleteNetworkInterface, (g, r, c) => g.DeleteNetworkInterface(r, c), XmlResponses.Acknowledgement),
        ["AssignPrivateIpAddresses"] = Handle(Ec2Action.AssignPrivateIpAddresses, QueryRequestReader.AssignPrivateIpAddresses, (g, r, c) => g.AssignPrivateIpAddresses(r, c), XmlResponses.AssignPrivateIpAddresses),
        ["UnassignPrivateIpAddresses"] = Handle(Ec2Action.UnassignPrivateIpAddresses, QueryRequestReader.UnassignPrivateIpAddresses, (g, r, c) => g.UnassignPrivateIpAddresses(r, c), XmlResponses.Acknowledgement),
        ["ModifyNetworkInterfaceAttribute"] = Handle(Ec2Action.ModifyNetworkInterfaceAttribute, QueryRequestReader.ModifyNetworkInterfaceAttribute, (g, r, c) => g.ModifyNetworkInterfaceAttribute(r, c), XmlResponses.Acknowledgement),
        ["DescribeNetworkInterfaces"] = Handle(Ec2Action.DescribeNetworkInterfaces, QueryRequestReader.DescribeNetworkInterfaces, (g, r, c) => g.DescribeNetworkInterfaces(r, c), XmlResponses.DescribeNetworkInterfaces),
        ["CreateTags"] = Handle(Ec2Action.CreateTags, QueryRequestReader.CreateTags, (g, r, c) => g.CreateTags(r, c), XmlResponses.Acknowledgement),
        ["DeleteTags"] = Handle(Ec2Action.DeleteTags, QueryRequestReader.DeleteTags, (g, r, c) => g.DeleteTags(r, c), XmlResponses.Acknowledgement),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The actions served.</summary>
    public static IEnumerable<string> Actions => s_handlers.Keys;

    public static QueryOutcome Handle(QueryParameters q, Ec2Region region, CallContext context)
    {
        var action = q.Get("Action");
        if (string.IsNullOrEmpty(action))
        {
            return new QueryOutcome(400, XmlResponses.Error(Ec2Errors.MissingAction, Guid.Empty.ToString()), TimeSpan.Zero, false);
        }

        return s_handlers.TryGetValue(action, out var handler)
            ? handler(q, region, context)
            : new QueryOutcome(400, XmlResponses.Error(Ec2Errors.InvalidAction(action), Guid.Empty.ToString()), TimeSpan.Zero, false);
    }

    private static Handler Handle<TRequest, T>(
        Ec2Action action,
        Func<QueryParameters, TRequest> read,
        Func<Ec2Region, TRequest, CallContext, Ec2Response<T>> call,
        Action<XmlBuilder, T> render)
        where T : class
    {
        var root = action + "Response";
        return (q, region, context) =>
        {
            var request = read(q);
            if (q.Error is { } invalid)
            {
                var refused = region.Refuse(action, invalid, context);
                return new QueryOutcome(refused.Error!.HttpStatus, XmlResponses.Error(refused.Error, refused.RequestId), refused.Latency, refused.ResponseLost);
            }

            var response = call(region, request, context);
            if (response.Error is { } error)
            {
                return new QueryOutcome(error.HttpStatus, XmlResponses.Error(error, response.RequestId), response.Latency, response.ResponseLost);
            }

            var x = XmlBuilder.Start(root).Element("requestId", response.RequestId);
            render(x, response.Value!);
            return new QueryOutcome(200, x.Finish(root), response.Latency, response.ResponseLost);
        };
    }
}
