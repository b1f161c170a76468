using CsCheck;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

/// <summary>Release never touches an address in use; the token bucket never grants beyond capacity plus refill.</summary>
public sealed class SafetyProperties
{
    [Fact]
    public void No_release_ever_contains_an_address_in_use()
    {
        var gen =
            from prefixes in Gen.Int[1, 27]
            from mode in Gen.OneOfConst(PrefixDelegation.On, PrefixDelegation.Off)
            from pre in Gen.Int[0, 16]
            from seed in Gen.Int
            from fraction in Gen.Double[0, 1]
            select (prefixes, mode, pre, seed, fraction);

        gen.Sample(c =>
        {
            var spec = new NodeSpec { PrefixDelegation = c.mode, MinAllocate = c.prefixes * 16, PreAllocate = c.pre };
            var node = FreshNode.Create("i-0rel", InstanceTypeCatalog.Embedded.Get("m5.large"));
            var ec2 = new SyntheticEc2();
            foreach (var step in DryRun.Run(new PlanningContext(node, spec, default)).Steps)
            {
                node = ec2.Apply(node, step.Action);
            }

            var all = node.Enis.SelectMany(e => e.SecondaryIps.Concat(e.Prefixes.SelectMany(Expand))).ToList();
            var random = new Random(c.seed);
            var inUse = all.Where(_ => random.NextDouble() < c.fraction).ToHashSet();
            var demand = new Demand(inUse.Count);
            var lowered = spec with { MinAllocate = 0 };

            var proposal = ReleaseSelector.Propose(node, lowered, demand, inUse);
            if (proposal is null)
            {
                return;
            }

            Assert.DoesNotContain(proposal.Ips, inUse.Contains);
            Assert.DoesNotContain(proposal.Prefixes, p => Expand(p).Any(inUse.Contains));
            var after = ec2.Apply(node, proposal);
            Assert.Equal(0, Targets.NodeTargets.Compute(after, lowered, demand).Needed);
        }, iter: 500);
    }

    [Fact]
    public void Token_bucket_never_grants_beyond_capacity_plus_refill()
    {
        var gen =
            from capacity in Gen.Int[1, 200]
            from refill in Gen.Double[0.1, 50]
            from steps in Gen.Select(Gen.Int[0, 2000], Gen.Int[0, 20]).Array[1, 200]
            select (capacity, refill, steps);

        gen.Sample(c =>
        {
            var time = new FakeTimeProvider();
            var bucket = new TokenBucket(c.capacity, c.refill, time);
            var granted = 0;
            var elapsed = TimeSpan.Zero;
            foreach (var (millis, takes) in c.steps)
            {
                time.Advance(TimeSpan.FromMilliseconds(millis));
                elapsed += TimeSpan.FromMilliseconds(millis);
                for (var i = 0; i < takes; i++)
                {
                    granted += bucket.TryTake() ? 1 : 0;
                }

                Assert.True(granted <= c.capacity + (c.refill * elapsed.TotalSeconds) + 1e-6,
                    $"granted {granted} > {c.capacity} + {c.refill}/s × {elapsed.TotalSeconds}s");
            }
        }, iter: 500);
    }

    private static IEnumerable<string> Expand(string prefix)
    {
        var (network, _) = Ipv4.ParseCidr(prefix);
        return Enumerable.Range(0, 16).Select(i => Ipv4.Format(network + (uint)i));
    }
}
