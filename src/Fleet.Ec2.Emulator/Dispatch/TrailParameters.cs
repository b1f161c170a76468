using System.Globalization;

namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>The key parameters of a call, as the trail records them.</summary>
internal readonly record struct TrailParameters(
    string? NetworkInterfaceId = null, string? InstanceId = null, string? SubnetId = null, string? AttachmentId = null, int? Count = null, string? Detail = null)
{
    public static TrailParameters Describe(int ids, IReadOnlyList<Ec2Filter> filters, int? maxResults, string? nextToken)
    {
        var detail = filters.Count == 0 && maxResults is null && nextToken is null
            ? null
            : string.Join(',', filters.Select(f => f.Name))
              + (maxResults is { } m ? string.Create(CultureInfo.InvariantCulture, $";max={m}") : "")
              + (nextToken is null ? "" : ";page");
        return new(Count: ids + filters.Sum(f => f.Values.Count), Detail: detail);
    }
}
