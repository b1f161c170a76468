using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Moto.Tests;

/// <summary>
/// Secondary-IP mode against moto: nodes reach their targets with addresses moto really holds on their ENIs. moto's
/// AssignPrivateIpAddresses answers every address of the ENI, its primary included; a primary is never a pod's.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class SecondaryIpTests(MotoFixture moto, ITestOutputHelper output)
{
    [Fact]
    public async Task Secondary_ip_nodes_reach_their_targets_and_no_eni_primary_is_ever_usable()
    {
        await moto.SeedAsync(1);
        await using var silo = await moto.StartSiloAsync();
        var ids = await moto.LaunchAsync(3);
        // m5.large: 3 ENIs × 9 secondary IPs. used 1 + pre-allocate 8 fits eth0; used 12 (20) takes eth0 and two created and
        // attached ENIs; used 8 on first-interface-index 1 (16) takes two ENIs beside eth0, whose addresses are not the pods'.
        var demands = new Dictionary<string, (int Used, int FirstInterfaceIndex)> { [ids[0]] = (1, 0), [ids[1]] = (12, 0), [ids[2]] = (8, 1) };
        var checks = new List<object>();
        foreach (var (id, (used, first)) in demands)
        {
            var spec = await silo.PutJsonAsync($"/api/v1/nodes/{id}/spec", $$"""{"prefixDelegation":"off","firstInterfaceIndex":{{first}}}""");
            Assert.True(spec.IsSuccessStatusCode, await spec.Content.ReadAsStringAsync());
            var allocation = await silo.ReportAndWaitReadyAsync(id, used);
            var enis = await moto.EnisAsync(id);
            var primaries = enis.Select(e => e.PrivateIpAddress).ToHashSet(StringComparer.Ordinal);
            var usable = allocation.Enis.SelectMany(e => e.Ips).ToList();
            output.WriteLine($"{id}: used {used}, first-interface-index {first}: {usable.Count} usable on {allocation.Enis.Length} ENIs; moto: {enis.Count} ENIs, primaries {string.Join(", ", primaries)}");

            Assert.DoesNotContain(usable, primaries.Contains);
            Assert.Equal(usable.Count, usable.Distinct(StringComparer.Ordinal).Count());
            Assert.True(usable.Count >= used + 8, $"{id}: {usable.Count} usable addresses for used {used} + pre-allocate 8");
            Assert.Equal(usable.Count, allocation.Available);
            foreach (var eni in allocation.Enis)
            {
                Assert.True(eni.DeviceIndex >= first, $"{eni.EniId} at device {eni.DeviceIndex} below first-interface-index {first}");
                var held = enis.Single(e => e.NetworkInterfaceId == eni.EniId).PrivateIpAddresses.Where(p => p.Primary != true).Select(p => p.PrivateIpAddress);
                Assert.Subset(held.ToHashSet(StringComparer.Ordinal), eni.Ips.ToHashSet(StringComparer.Ordinal)); // every usable address is a secondary moto holds
            }

            var view = await silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options);
            checks.Add(new { instance = id, used, firstInterfaceIndex = first, usable = usable.Count, enis = allocation.Enis.Length, calls = view!.Calls });
        }

        Figures.Write("moto-secondary-ip", new { engine = "moto_server 5.2.1", nodes = checks });
    }
}
