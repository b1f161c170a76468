using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Fleet.Grains.Hosting;

/// <summary>
/// Whether this silo is stopping, and whether it is leaving a cluster that no other silo keeps.
/// <para>
/// A stopping silo deactivates its grains, and a grain still waiting on EC2 then holds its deactivation for the whole
/// call; Orleans then tries to move it, and on a silo that is the cluster's last, logs that no silo can take it. So a
/// node on a stopping silo stops where it is: no new call, no wait on one in flight. EC2 keeps the truth, and the
/// intent written before every call lets the node's next activation settle it.
/// </para>
/// <para>
/// From the moment the last silo leaves the membership until its grains have deactivated, no grain can be placed: a
/// message to one that is not still running here cannot be delivered (Orleans logs it as a failure), and in-memory
/// storage, whose state lives in storage grains, can neither be written nor outlive the silo.
/// </para>
/// </summary>
public sealed class SiloDeparture(IClusterMembershipService membership, ILocalSiloDetails local, IServiceProvider services)
{
    private readonly Lazy<bool> _stateEndsWithSilo = new(() => services.GetKeyedService<IGrainStorage>("fleet") is MemoryGrainStorage);
    private readonly IHostApplicationLifetime? _lifetime = services.GetService<IHostApplicationLifetime>();

    /// <summary>Cancelled once the silo's host begins to stop; never, where no host lifetime is registered.</summary>
    public CancellationToken Stopping => _lifetime?.ApplicationStopping ?? CancellationToken.None;

    /// <summary>Whether the silo's host has begun to stop.</summary>
    public bool IsStopping => Stopping.IsCancellationRequested;

    /// <summary>True once this silo has left the membership and no other silo is active.</summary>
    public bool LeavingAlone
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            if (snapshot.GetSiloStatus(local.SiloAddress) == SiloStatus.Active)
            {
                return false;
            }

            foreach (var (address, member) in snapshot.Members)
            {
                if (member.Status == SiloStatus.Active && !address.Equals(local.SiloAddress))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Whether a state write can still land: not when in-memory storage is all there is and the cluster is leaving.</summary>
    public bool CanWriteState => !(_stateEndsWithSilo.Value && LeavingAlone);
}
