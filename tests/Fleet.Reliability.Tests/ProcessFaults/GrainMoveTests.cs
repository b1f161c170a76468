using Fleet.Abstractions.Messages;
using Fleet.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Reliability.Tests.ProcessFaults;

/// <summary>
/// A node grain deactivated (idle collection, memory pressure, a silo shutting down) comes back from its persisted
/// state — in the default single-silo mode too, whose in-memory grain storage must read back what it wrote.
/// </summary>
public sealed class GrainMoveTests
{
    [Fact]
    public async Task A_node_deactivated_in_the_default_single_silo_mode_is_reactivated_with_its_state()
    {
        await using var silo = await TestSilo.StartAsync();
        var id = silo.Launch(1)[0];
        var before = await silo.ReportAndWaitReadyAsync(id, used: 30);
        await silo.PutJsonAsync($"/api/v1/nodes/{id}/spec", """{"prefixDelegation":"on","subnetTags":{"tier":"pods"},"securityGroups":[]}""");
        await silo.ReportAndWaitReadyAsync(id, used: 30);

        await silo.App.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        using var response = await silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{"used":31}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var after = (await response.Content.ReadFromJsonAsync<NodeAllocation>(Fleet.Silo.Api.ApiJson.Options))!;
        Assert.Equal(before.Enis.Select(e => e.EniId), after.Enis.Select(e => e.EniId));
        Assert.True(after.Version > before.Version);
    }
}
