using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>The HTTP API of DESIGN §4: outcomes, and every way a request can be refused, each a problem with a stable type.</summary>
[Collection(SiloCollection.Name)]
public sealed class HttpApiContractTests(SiloFixture fixture)
{
    private const string UnknownButWellFormed = "i-0123456789abcdef0";
    private TestSilo Silo => fixture.Silo;

    [Fact]
    public async Task Demand_for_a_running_instance_answers_its_allocation_and_the_node_gets_capacity()
    {
        var id = Silo.Launch(1)[0];
        var response = await Silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{ "used": 20, "pending": 5 }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var allocation = await response.Content.ReadFromJsonAsync<NodeAllocation>(ApiJson.Options);
        Assert.Equal(id, allocation!.InstanceId);
        Assert.Equal(20, allocation.Used);
        Assert.Equal(5, allocation.Pending);

        var ready = await Silo.ReportAndWaitReadyAsync(id, 20, 5);
        Assert.True(ready.Available >= 25, $"available {ready.Available} covers 25");
        Assert.Contains(ready.Enis, e => e.Prefixes.Length > 0);
    }

    [Fact]
    public async Task A_node_that_reported_is_listed_and_shown_in_detail()
    {
        var id = Silo.Launch(1)[0];
        await Silo.ReportAndWaitReadyAsync(id, 3);

        // The listing is the fleet index, which the node updates after its own state is written: it may lag the view.
        var list = await Eventually.Until(
            async () => (await Silo.Http.GetFromJsonAsync<NodeSummary[]>("/api/v1/nodes", ApiJson.Options))!,
            l => l.Any(n => n.InstanceId == id && n.Status == NodeStatus.Ready),
            $"{id} listed as ready");
        var line = Assert.Single(list, n => n.InstanceId == id);
        Assert.Equal(NodeStatus.Ready, line.Status);
        Assert.Equal("m5.large", line.InstanceType);
        Assert.True(line.Available >= 3);

        var view = await Silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options);
        Assert.Equal(id, view!.Allocation.InstanceId);
        Assert.Equal("m5.large", view.InstanceType);

        var allocations = await Silo.Http.GetFromJsonAsync<NodeAllocation[]>("/api/v1/allocations", ApiJson.Options);
        Assert.Contains(allocations!, a => a.InstanceId == id && a.Enis.Length > 0);
    }

    [Fact]
    public async Task A_node_never_reported_is_not_found() =>
        await (await Silo.Http.GetAsync($"/api/v1/nodes/{UnknownButWellFormed}")).AssertProblemAsync(404, "node-not-found");

    [Fact]
    public async Task Demand_for_an_instance_EC2_does_not_know_is_unknown_instance() =>
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/demand", """{"used":1}""")).AssertProblemAsync(404, "unknown-instance");

    [Fact]
    public async Task Demand_beyond_what_the_instance_type_holds_is_unprocessable()
    {
        var id = Silo.Launch(1)[0];
        var problem = await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{"used":50000}""")).AssertProblemAsync(422, "exceeds-instance-maximum");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Demand_naming_an_address_the_node_does_not_hold_is_unprocessable()
    {
        var id = Silo.Launch(1)[0];
        await Silo.ReportAndWaitReadyAsync(id, 2);
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{"used":1,"inUse":["192.168.77.7"]}"""))
            .AssertProblemAsync(422, "foreign-address");
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{"used":1,"releaseAcks":["192.168.77.0/28"]}"""))
            .AssertProblemAsync(422, "foreign-address");
    }

    [Theory]
    [InlineData("I-0123456789ABCDEF0")] // upper case
    [InlineData("i-0123456")] // too short
    [InlineData("i-0123456789abcdef")] // 16 digits: neither 8 nor 17
    [InlineData("i-0123456789abcdefg")] // not hex
    [InlineData("eni-0123456789abcdef0")] // another resource
    [InlineData("i-01234567%0A")] // a trailing newline
    public async Task A_malformed_instance_id_is_refused_on_every_node_endpoint(string id)
    {
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{"used":1}""")).AssertProblemAsync(400, "invalid-instance-id");
        await (await Silo.Http.GetAsync($"/api/v1/nodes/{id}")).AssertProblemAsync(400, "invalid-instance-id");
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/spec", "{}")).AssertProblemAsync(400, "invalid-instance-id");
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/intent", """{"pods":1}""")).AssertProblemAsync(400, "invalid-instance-id");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_unsupported(string contentType)
    {
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/demand", """{"used":1}""", contentType)).AssertProblemAsync(415, "unsupported-media-type");
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/spec", "{}", contentType)).AssertProblemAsync(415, "unsupported-media-type");
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_unsupported()
    {
        using var content = new ByteArrayContent("""{"used":1}"""u8.ToArray());
        await (await Silo.Http.PutAsync($"/api/v1/nodes/{UnknownButWellFormed}/demand", content)).AssertProblemAsync(415, "unsupported-media-type");
    }

    [Theory]
    [InlineData("{\"used\":")] // truncated
    [InlineData("used=1")] // not JSON
    [InlineData("")] // empty
    [InlineData("[1,2]")] // not an object
    [InlineData("null")] // not an object
    [InlineData("7")] // not an object
    public async Task Malformed_json_is_a_bad_request(string body)
    {
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/demand", body)).AssertProblemAsync(400, "malformed-json");
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/spec", body)).AssertProblemAsync(400, "malformed-json");
    }

    [Fact]
    public async Task An_unknown_field_is_refused_and_named()
    {
        var demand = await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/demand", """{"used":1,"pods":3}""")).AssertProblemAsync(400, "unknown-field");
        Assert.Equal("pods", demand.GetProperty("field").GetString());
        var spec = await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/spec", """{"preAllocate":8,"warmIpTarget":3}""")).AssertProblemAsync(400, "unknown-field");
        Assert.Equal("warmIpTarget", spec.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{}""", "used")] // required
    [InlineData("""{"used":-1}""", "used")] // negative
    [InlineData("""{"used":100001}""", "used")] // above the bound
    [InlineData("""{"used":1,"pending":-3}""", "pending")] // negative
    [InlineData("""{"used":1,"pending":100001}""", "pending")] // above the bound
    [InlineData("""{"used":"ten"}""", "used")] // a string
    [InlineData("""{"used":1.5}""", "used")] // not an integer
    [InlineData("""{"used":99999999999}""", "used")] // overflows
    [InlineData("""{"used":true}""", "used")] // a boolean
    [InlineData("""{"used":1,"inUse":"10.0.0.1"}""", "inUse")] // not a list
    [InlineData("""{"used":1,"inUse":["10.0.0.256"]}""", "inUse[0]")] // not an address
    [InlineData("""{"used":1,"inUse":["10.0.0.1","10.0.0.1"]}""", "inUse[1]")] // listed twice
    [InlineData("""{"used":1,"inUse":["fe80::1"]}""", "inUse[0]")] // IPv6
    [InlineData("""{"used":1,"releaseAcks":["10.0.0.8/28"]}""", "releaseAcks[0]")] // not aligned
    [InlineData("""{"used":1,"releaseAcks":["10.0.0.0/24"]}""", "releaseAcks[0]")] // not a /28
    [InlineData("""{"used":1,"releaseAcks":[null]}""", "releaseAcks[0]")] // null entry
    public async Task An_invalid_demand_field_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var problem = await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/demand", body)).AssertProblemAsync(400, "validation");
        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("""{"preAllocate":-1}""", "preAllocate")]
    [InlineData("""{"minAllocate":100001}""", "minAllocate")]
    [InlineData("""{"minAllocate":50,"maxAllocate":10}""", "minAllocate")]
    [InlineData("""{"maxAboveWatermark":-2}""", "maxAboveWatermark")]
    [InlineData("""{"firstInterfaceIndex":64}""", "firstInterfaceIndex")]
    [InlineData("""{"prefixDelegation":"yes"}""", "prefixDelegation")]
    [InlineData("""{"subnetIds":["subnet-xyz"]}""", "subnetIds[0]")]
    [InlineData("""{"securityGroups":["sg-1"]}""", "securityGroups[0]")]
    [InlineData("""{"subnetIds":null}""", "subnetIds")]
    [InlineData("""{"subnetTags":null}""", "subnetTags")]
    [InlineData("""{"usePrimaryAddress":"no"}""", "usePrimaryAddress")]
    public async Task An_invalid_spec_field_is_a_validation_problem_naming_the_field(string body, string field)
    {
        var problem = await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/spec", body)).AssertProblemAsync(400, "validation");
        Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task A_valid_spec_replaces_the_nodes_spec()
    {
        var id = Silo.Launch(1)[0];
        var response = await Silo.PutJsonAsync($"/api/v1/nodes/{id}/spec",
            """{"preAllocate":4,"minAllocate":10,"maxAllocate":0,"prefixDelegation":"on","subnetTags":{"fleet":"pods"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<NodeView>(ApiJson.Options);
        Assert.Equal(4, view!.Spec.PreAllocate);
        Assert.Equal(10, view.Spec.MinAllocate);
        Assert.Equal("on", view.Spec.PrefixDelegation);
        Assert.Equal("pods", view.Spec.SubnetTags["fleet"]);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_too_large()
    {
        // The request declares a body over the 1 MiB limit and sends none until it has an answer: the silo must refuse it
        // from its length. (Sending the body raced the answer: the silo answers 413 and closes without reading it, and
        // on a loaded machine the client saw its upload cut off, "broken pipe", instead of the 413.)
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Silo.BaseAddress.Host, Silo.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"PUT /api/v1/nodes/{UnknownButWellFormed}/demand HTTP/1.1\r\nHost: {Silo.BaseAddress.Authority}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {(1024 * 1024) + 1}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var answer = await new StreamReader(stream).ReadToEndAsync();
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)int.Parse(answer.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
        {
            Content = new StringContent(Dechunk(answer[(split + 4)..], answer[..split]), System.Text.Encoding.UTF8,
                System.Text.RegularExpressions.Regex.Match(answer[..split], @"(?im)^Content-Type: ([^;\r]+)").Groups[1].Value),
        };
        await response.AssertProblemAsync(413, "payload-too-large");
    }

    private static string Dechunk(string body, string headers)
    {
        if (!headers.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var text = new System.Text.StringBuilder();
        for (var at = 0; ;)
        {
            var line = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..line], 16);
            if (size == 0)
            {
                return text.ToString();
            }

            text.Append(body, line + 2, size);
            at = line + 2 + size + 2;
        }
    }

    [Fact]
    public async Task The_throttle_answers_its_buckets()
    {
        var throttle = await Silo.Http.GetFromJsonAsync<ThrottleView>("/api/v1/throttle", ApiJson.Options);
        Assert.Equal("default/us-east-1", throttle!.Key);
        var assign = Assert.Single(throttle.Buckets, b => b.Action == "AssignPrivateIpAddresses");
        Assert.Equal(95, assign.Capacity); // EC2's 100, less one second of refill kept back for arrival jitter
        Assert.Equal(5, assign.ConfiguredRefillPerSecond);
    }

    [Fact]
    public async Task Unknown_paths_and_methods_are_problems_too()
    {
        await (await Silo.Http.GetAsync("/api/v1/nope")).AssertProblemAsync(404, "not-found");
        await (await Silo.Http.DeleteAsync($"/api/v1/nodes/{UnknownButWellFormed}")).AssertProblemAsync(405, "method-not-allowed");
    }

    [Theory]
    [InlineData("/api/v1/ec2/calls?seconds=0", "seconds")]
    [InlineData("/api/v1/ec2/calls?seconds=301", "seconds")]
    [InlineData("/api/v1/ec2/trail?limit=0", "limit")]
    [InlineData("/api/v1/ec2/trail?limit=501", "limit")]
    public async Task Observation_query_parameters_are_bounded(string path, string field)
    {
        var problem = await (await Silo.Http.GetAsync(path)).AssertProblemAsync(400, "validation");
        Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_is_a_bad_request_not_a_server_error()
    {
        var response = await Silo.Http.GetAsync("/api/v1/ec2/calls?seconds=many");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var document = JsonDocument.Parse(await Silo.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/nodes/{instanceId}/demand", paths);
        Assert.Contains("/api/v1/nodes/{instanceId}", paths);
        Assert.Contains("/api/v1/nodes", paths);
        Assert.Contains("/api/v1/nodes/{instanceId}/spec", paths);
        Assert.Contains("/api/v1/throttle", paths);
    }
}
