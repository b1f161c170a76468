using System.Net;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>Probes and the Prometheus scrape: the set of metrics a Cilium user would look for.</summary>
[Collection(SiloCollection.Name)]
public sealed class HealthAndMetricsTests(SiloFixture fixture)
{
    private TestSilo Silo => fixture.Silo;

    [Fact]
    public async Task Healthz_answers_while_the_process_serves()
    {
        var response = await Silo.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_turns_ready_after_the_first_successful_EC2_call()
    {
        var body = await Eventually.Until<string?>(
            async () => (await Silo.Http.GetAsync("/readyz")) is { StatusCode: HttpStatusCode.OK } ok ? await ok.Content.ReadAsStringAsync() : null,
            b => b is not null, "/readyz answering 200");
        Assert.Contains("EC2 reached at", body, StringComparison.Ordinal);
        Assert.Contains(Silo.Region!.Trail(), t => t.Action == "DescribeSubnets" && t.Outcome == "OK");
    }

    [Fact]
    public async Task Metrics_export_node_address_ec2_and_throttle_series_for_Prometheus()
    {
        var id = Silo.Launch(1)[0];
        await Silo.ReportAndWaitReadyAsync(id, 4);

        var text = await Eventually.Until(() => Silo.Http.GetStringAsync("/metrics"),
            t => t.Contains($"target_node=\"{id}\"", StringComparison.Ordinal), $"/metrics naming {id}");
        string[] expected =
        [
            "fleet_nodes{otel_scope_name=\"Fleet.Allocator\",category=\"total\",cluster=\"fleet\"}", // ipam_nodes{category}
            "category=\"in-deficit\"",
            "category=\"at-capacity\"",
            $"fleet_node_addresses{{otel_scope_name=\"Fleet.Allocator\",cluster=\"fleet\",target_node=\"{id}\",type=\"available\"}}", // ipam_available_ips
            "type=\"used\"", // ipam_used_ips
            "type=\"needed\"", // ipam_needed_ips
            "fleet_ec2_calls_total{otel_scope_name=\"Fleet.Ec2\",action=\"AssignPrivateIpAddresses\",outcome=\"OK\"}", // ec2_api_duration_seconds{operation,response_code}
            "fleet_ec2_call_duration_seconds_bucket{otel_scope_name=\"Fleet.Ec2\",action=\"AssignPrivateIpAddresses\",outcome=\"OK\",le=\"0.005\"}",
            "fleet_throttle_wait_seconds_bucket", // ec2_api_rate_limit_duration_seconds
            "fleet_throttle_queue{",
            "fleet_throttle_grants_total{otel_scope_name=\"Fleet.Allocator\",action=\"AssignPrivateIpAddresses\",cluster=\"fleet\"}",
            "fleet_throttle_cluster_share{otel_scope_name=\"Fleet.Allocator\",cluster=\"fleet\",throttle=\"",
            "fleet_node_calls_total{",
            "fleet_node_time_to_capacity_seconds_bucket",
            "orleans_",
        ];
        foreach (var series in expected)
        {
            Assert.True(text.Contains(series, StringComparison.Ordinal), $"{series} not in:\n{string.Join('\n', text.Split('\n').Where(l => l.StartsWith(series[..Math.Min(series.Length, 18)], StringComparison.Ordinal)).Take(6))}");
        }
    }

    [Fact]
    public async Task The_orleans_dashboard_is_mounted()
    {
        var response = await Silo.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = await Silo.Http.GetAsync("/dashboard/version");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }
}
