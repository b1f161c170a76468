using System.Text.Json.Nodes;

namespace Fleet.Testing;

/// <summary>
/// Fleet as it runs in production, on one machine: a real Redis, the EC2 emulator as its own process, and several
/// silo processes with Redis clustering and Redis grain persistence, each on its own ports.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>The cluster name tagged on every ENI the silos create.</summary>
    public const string ClusterName = "e2e";

    private ProcessCluster(RedisServer redis, EmulatorProcess emulator, List<SiloProcess> silos)
    {
        Redis = redis;
        Emulator = emulator;
        Silos = silos;
    }

    /// <summary>The Redis server.</summary>
    public RedisServer Redis { get; }

    /// <summary>The EC2 emulator process.</summary>
    public EmulatorProcess Emulator { get; }

    /// <summary>The silos.</summary>
    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>
    /// Starts Redis, the emulator (with <paramref name="emulatorConfig"/>), and <paramref name="silos"/> silos; extra
    /// <c>--key=value</c> settings go to every silo (e.g. <c>--Fleet:Throttle:TimeScale=10</c>).
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(int silos, JsonObject emulatorConfig, params string[] siloSettings)
    {
        var redis = await RedisServer.StartAsync();
        var emulator = await EmulatorProcess.StartAsync(emulatorConfig);
        var shared = new List<string>
        {
            "--Fleet:Clustering:Provider=Redis",
            $"--Fleet:Clustering:ConnectionString={redis.ConnectionString}",
            "--Fleet:Clustering:ClusterId=e2e",
            "--Fleet:Clustering:ServiceId=e2e",
            "--Fleet:Emulator:Enabled=false",
            $"--Fleet:Ec2:ServiceUrl={emulator.BaseUrl}",
            $"--Fleet:Allocator:ClusterName={ClusterName}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans=Warning",
            "--Logging:LogLevel:Fleet=Information",
        };
        shared.AddRange(siloSettings);
        var processes = Enumerable.Range(0, silos).Select(i => new SiloProcess(i, shared)).ToList();
        var cluster = new ProcessCluster(redis, emulator, processes);
        await processes[0].StartAsync(); // the first silo creates the membership table; the others join it
        await Task.WhenAll(processes.Skip(1).Select(s => s.StartAsync()));
        return cluster;
    }

    /// <summary>Stops every silo at once (<c>kill -9</c> when <paramref name="kill"/>, else SIGTERM); Redis and the emulator stay up.</summary>
    public Task StopAllAsync(bool kill) => Task.WhenAll(Silos.Select(s => kill ? s.KillAsync() : s.StopAsync()));

    /// <summary>Starts every silo again on its own ports (the same identities), the first one alone first.</summary>
    public async Task StartAllAsync()
    {
        await Silos[0].StartAsync();
        await Task.WhenAll(Silos.Skip(1).Select(s => s.StartAsync()));
    }

    /// <summary>A running silo other than <paramref name="except"/> (round robin by <paramref name="turn"/>).</summary>
    public SiloProcess Running(int turn, SiloProcess? except = null)
    {
        var running = Silos.Where(s => s.IsRunning && s != except).ToList();
        return running[turn % running.Count];
    }

    /// <summary>Every child's log tail, for a failure message.</summary>
    public string Logs() => string.Join("\n", Silos.Select(s => s.Process?.Tail(40) ?? $"silo {s.Index}: not started")
        .Append(Emulator.Process.Tail(10)).Append(Redis.Process.Tail(10)));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
