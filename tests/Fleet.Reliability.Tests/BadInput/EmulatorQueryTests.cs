using System.Net;
using System.Text;
using System.Xml.Linq;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.BadInput;

/// <summary>
/// Malformed EC2 Query requests against the emulator over HTTP, generated (seeded) from every action with one defect
/// each — no action, an unknown one, a required parameter missing, a number that is not one, an id of the wrong kind
/// or absurd length, too many filter values, a bogus page token: each answered 4xx in EC2's error envelope with one of
/// EC2's own codes, never a 5xx, and nothing in the region changes.
/// </summary>
public sealed class EmulatorQueryTests(ITestOutputHelper output)
{
    private const int Requests = 600;

    private static readonly HashSet<string> s_codes = typeof(Ec2ErrorCodes).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet(StringComparer.Ordinal);

    private static readonly string[] s_junkIds =
    [
        "", "eni-", "i-0123", "subnet-zzzz", "eni-0123456789abcdef0", "i-0123456789abcdef0", "subnet-0123456789abcdef0", "sg-00000000",
        "eni-" + new string('f', 3000), "eni-%C3%BC%C3%B1%C3%AF", "%00", "'; DROP TABLE enis; --", "eni-attach-0123456789abcdef0",
    ];

    private static readonly string[] s_junkNumbers = ["", "abc", "-1", "1.5", "99999999999", "1e3", "0x10", "%E2%88%9E", "NaN", "2147483648"];

    [Fact]
    public async Task Malformed_query_requests_get_ec2_error_codes_and_change_nothing()
    {
        var options = new EmulatorOptions();
        options.Latency.Enabled = false;
        options.Throttling.Enabled = false; // each request is judged on its content (a malformed call still spends a token)
        var region = new Ec2Region(options);
        await using var server = await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 });
        var subnet = region.Snapshot().Subnets.First(s => s.DefaultForAz).SubnetId;
        region.RunInstances(new RunInstancesRequest { SubnetId = subnet });
        var before = region.Snapshot();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var random = new Random(13);

        var answers = new List<(string Form, HttpStatusCode Status, string? Code)>();
        for (var i = 0; i < Requests; i++)
        {
            var form = Generate(random, subnet);
            using var response = await http.PostAsync("", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
            answers.Add((form, response.StatusCode, ErrorCode(await response.Content.ReadAsStringAsync())));
        }

        foreach (var group in answers.GroupBy(a => $"{(int)a.Status} {a.Code}").OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"{group.Key}: {group.Count()}");
        }

        foreach (var odd in answers.Where(a => a.Code is null).Take(5))
        {
            output.WriteLine($"no envelope: {(int)odd.Status} for {odd.Form[..Math.Min(120, odd.Form.Length)]}");
        }

        Assert.Empty(answers.Where(a => (int)a.Status >= 500).Select(a => a.Form));
        Assert.All(answers, a => Assert.True((int)a.Status is >= 400 and < 500 && a.Code is not null && s_codes.Contains(a.Code),
            $"{(int)a.Status} {a.Code ?? "(no EC2 error envelope)"} for {a.Form[..Math.Min(200, a.Form.Length)]}"));
        var after = region.Snapshot();
        Assert.Equal(before.NetworkInterfaces.Count, after.NetworkInterfaces.Count);
        Assert.Equal(before.Instances.Select(x => (x.InstanceId, x.State.Name)), after.Instances.Select(x => (x.InstanceId, x.State.Name)));
        Assert.DoesNotContain(region.Trail(), t => t.Outcome == "OK" && t.Action is not ("RunInstances" or "DescribeInstances" or "DescribeNetworkInterfaces" or "DescribeSubnets"));
    }

    /// <summary>One request with exactly one defect.</summary>
    private static string Generate(Random random, string subnet)
    {
        string Id() => s_junkIds[random.Next(s_junkIds.Length)];
        string Number() => s_junkNumbers[random.Next(s_junkNumbers.Length)];
        string Pick(params string[] forms) => forms[random.Next(forms.Length)];
        var body = random.Next(14) switch
        {
            0 => Pick("Version=2016-11-15", "", "Action=&Version=2016-11-15"),
            1 => $"Action={Pick("Frobnicate", "createnetworkinterface", "DescribeNetworkInterface", "RunInstance", "%00", new string('A', 2000))}",
            2 => $"Action=CreateNetworkInterface&SubnetId={Id()}",
            3 => $"Action=CreateNetworkInterface&SubnetId={subnet}&Ipv4PrefixCount={Number()}",
            4 => $"Action=AttachNetworkInterface&NetworkInterfaceId={Id()}&InstanceId={Id()}&DeviceIndex={Pick("1", Number())}",
            5 => $"Action=AssignPrivateIpAddresses&NetworkInterfaceId={Id()}&{Pick("Ipv4PrefixCount", "SecondaryPrivateIpAddressCount")}={Pick("1", Number())}",
            6 => $"Action=UnassignPrivateIpAddresses&NetworkInterfaceId={Id()}&{Pick("Ipv4Prefix.1=10.0.0.0/28", "PrivateIpAddress.1=10.0.0.9", "PrivateIpAddress.1=not-an-ip")}",
            7 => $"Action=DeleteNetworkInterface&NetworkInterfaceId={Id()}",
            8 => $"Action=ModifyNetworkInterfaceAttribute&NetworkInterfaceId={Id()}&{Pick("SourceDestCheck.Value=maybe", "Attachment.AttachmentId=x&Attachment.DeleteOnTermination=yes", "Description.Value=x")}",
            9 => $"Action={Pick("DescribeNetworkInterfaces", "DescribeInstances", "DescribeSubnets")}&{Pick($"MaxResults={Number()}", "NextToken=bogus-token", "Filter.1.Name=subnet-id&" + string.Join("&", Enumerable.Range(1, 201).Select(n => $"Filter.1.Value.{n}=v{n}")))}",
            10 => $"Action=DescribeNetworkInterfaces&NetworkInterfaceId.1={Pick("eni-0123456789abcdef0", "eni-" + new string('f', 3000), "i-0123456789abcdef0")}",
            11 => $"Action=RunInstances&ImageId=ami-1&InstanceType={Pick("m5.large", "q9.mega", "")}&MinCount={Number()}&MaxCount={Pick("1", Number())}",
            12 => $"Action=TerminateInstances&InstanceId.1={Pick("i-0123456789abcdef0", "", "eni-0123456789abcdef0", "i-" + new string('0', 3000))}",
            _ => $"Action=DetachNetworkInterface&AttachmentId={Id()}",
        };
        return body.Length == 0 || body.StartsWith("Version", StringComparison.Ordinal) ? body : body + "&Version=2016-11-15";
    }

    private static string? ErrorCode(string xml)
    {
        try
        {
            var root = XDocument.Parse(xml).Root;
            return root?.Name.LocalName == "Response" ? root.Element("Errors")?.Element("Error")?.Element("Code")?.Value : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
