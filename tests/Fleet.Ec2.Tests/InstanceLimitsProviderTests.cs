using Fleet.Ec2.Limits;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Ec2.Tests;

/// <summary>Limits come from EC2's DescribeInstanceTypes once per type; the embedded catalog answers without a token.</summary>
public sealed class InstanceLimitsProviderTests(EmulatorServerFixture fixture) : IClassFixture<EmulatorServerFixture>
{
    [Fact]
    public async Task Many_nodes_discovering_at_once_cost_one_describe_per_type()
    {
        var provider = new InstanceLimitsProvider(fixture.Port, NullLogger<InstanceLimitsProvider>.Instance);
        var before = Calls();
        var tokens = 0;

        var limits = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            provider.GetAsync("r5.large", () => Task.FromResult(Interlocked.Increment(ref tokens) > 0), CancellationToken.None)));

        Assert.All(limits, l => Assert.Equal((3, 10), (l!.MaxInterfaces, l.Ipv4PerInterface)));
        Assert.Equal(1, Calls() - before);
        Assert.Equal(1, tokens);
    }

    [Fact]
    public async Task Without_a_token_the_embedded_catalog_answers_and_ec2_is_not_called()
    {
        var provider = new InstanceLimitsProvider(fixture.Port, NullLogger<InstanceLimitsProvider>.Instance);
        var before = Calls();

        var limits = await provider.GetAsync("c5.large", () => Task.FromResult(false), CancellationToken.None);

        Assert.Equal(3, limits!.MaxInterfaces);
        Assert.Equal(0, Calls() - before);
        Assert.Null(await provider.GetAsync("z9.mega", () => Task.FromResult(false), CancellationToken.None));
    }

    private int Calls() => fixture.Region.Trail().Count(t => t.Action == "DescribeInstanceTypes");
}
