using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Fleet.Ec2.EmulatorTests.Http;

/// <summary>The Query protocol itself, with a plain HTTP client: GET, empty lists, the envelopes, the admin endpoints.</summary>
[Collection(EmulatorServerCollection.Name)]
public sealed class RawQueryTests(EmulatorServerFixture fx)
{
    private static readonly XNamespace s_ec2 = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private readonly HttpClient _http = new() { BaseAddress = fx.BaseAddress };

    private async Task<(HttpStatusCode Status, XDocument Body)> PostAsync(string form)
    {
        using var response = await _http.PostAsync("/", new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        return (response.StatusCode, XDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task GET_with_a_query_string_is_served_like_POST()
    {
        using var response = await _http.GetAsync("/?Action=DescribeVpcs&Version=2016-11-15");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml;charset=UTF-8", response.Content.Headers.ContentType!.ToString().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(s_ec2 + "DescribeVpcsResponse", xml.Root!.Name);
        Assert.NotNull(xml.Root.Element(s_ec2 + "requestId"));
        Assert.Equal("10.0.0.0/16", xml.Root.Element(s_ec2 + "vpcSet")!.Element(s_ec2 + "item")!.Element(s_ec2 + "cidrBlock")!.Value);
    }

    [Fact]
    public async Task Set_but_empty_lists_are_tolerated()
    {
        var subnet = fx.Region.Snapshot().Subnets.Single(s => s.CidrBlock == "10.0.32.0/20").SubnetId;

        var (status, body) = await PostAsync($"Action=CreateNetworkInterface&Version=2016-11-15&SubnetId={subnet}&SecurityGroupId=&Ipv4Prefix=&TagSpecification=&PrivateIpAddresses=");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("default", body.Descendants(s_ec2 + "groupName").Single().Value);
    }

    [Theory]
    [InlineData("Action=Frobnicate&Version=2016-11-15", "InvalidAction", HttpStatusCode.BadRequest)]
    [InlineData("Version=2016-11-15", "MissingAction", HttpStatusCode.BadRequest)]
    [InlineData("Action=AttachNetworkInterface&NetworkInterfaceId=eni-00000000000000000&InstanceId=i-00000000000000000", "MissingParameter", HttpStatusCode.BadRequest)]
    [InlineData("Action=DescribeNetworkInterfaces&MaxResults=lots", "InvalidParameterValue", HttpStatusCode.BadRequest)]
    [InlineData("Action=DeleteNetworkInterface&NetworkInterfaceId=eni-00000000000000000", "InvalidNetworkInterfaceID.NotFound", HttpStatusCode.BadRequest)]
    [InlineData("Action=DetachNetworkInterface&AttachmentId=eni-attach-00000000000000000", "InvalidAttachmentID.NotFound", HttpStatusCode.BadRequest)]
    public async Task Errors_use_the_EC2_envelope(string form, string code, HttpStatusCode status)
    {
        var (actual, body) = await PostAsync(form);

        Assert.Equal(status, actual);
        Assert.Equal("Response", body.Root!.Name.LocalName);
        Assert.Equal(code, body.Root.Element("Errors")!.Element("Error")!.Element("Code")!.Value);
        Assert.NotEmpty(body.Root.Element("Errors")!.Element("Error")!.Element("Message")!.Value);
        Assert.NotNull(body.Root.Element("RequestID"));
    }

    [Fact]
    public async Task Trail_stats_and_state_are_served_as_JSON()
    {
        var since = fx.Region.CallCount;
        using var _ = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/?Action=DescribeSubnets") { Headers = { { "X-Fleet-Client", "raw-test" } } });

        var lines = (await _http.GetStringAsync($"/_emulator/trail?since={since}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entry = JsonDocument.Parse(lines.Single()).RootElement;
        var stats = JsonDocument.Parse(await _http.GetStringAsync("/_emulator/stats")).RootElement;
        var state = JsonDocument.Parse(await _http.GetStringAsync("/_emulator/state")).RootElement;

        Assert.Equal(("DescribeSubnets", "OK", 200, "raw-test"),
            (entry.GetProperty("action").GetString(), entry.GetProperty("outcome").GetString(), entry.GetProperty("httpStatus").GetInt32(), entry.GetProperty("client").GetString()));
        Assert.EndsWith("Z", entry.GetProperty("time").GetString(), StringComparison.Ordinal);
        Assert.True(entry.TryGetProperty("latencyMs", out var _));
        Assert.True(stats.GetProperty("byAction").GetProperty("DescribeSubnets").GetProperty("OK").GetInt64() >= 1);
        Assert.Equal("us-east-1", state.GetProperty("region").GetString());
        Assert.Equal(4, state.GetProperty("subnets").GetArrayLength());
    }
}
