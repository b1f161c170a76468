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

    private System.Collections.Immutable.ImmutableList<SiloProcess> _silos; // replaced, never changed: agents read it while silos are added
    private readonly IReadOnlyList<string> _shared;

    private ProcessCluster(RedisServer redis, EmulatorProcess emulator, List<SiloProcess> silos, IReadOnlyList<string> shared)
    {
        Redis = redis;
        Emulator = emulator;
        _silos = [.. silos];
        _shared = shared;
    }

    /// <summary>The Redis server.</summary>
    public RedisServer Redis { get; }

    /// <summary>The EC2 emulator process.</summary>
    public EmulatorProcess Emulator { get; }

    /// <summary>The silos (those added later included).</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>
    /// Starts Redis, the emulator (with <paramref name="emulatorConfig"/>), and <paramref name="silos"/> silos; extra
    /// <c>--key=value</c> settings go to every silo (e.g. <c>--Fleet:Throttle:TimeScale=10</c>).
    /// </summary>
    public static Task<ProcessCluster> StartAsync(int silos, JsonObject emulatorConfig, params string[] siloSettings) =>
        StartAsync(silos, null, emulatorConfig, siloSettings);

    /// <summary>As <see cref="StartAsync(int, JsonObject, string[])"/>, the silos running <paramref name="program"/> (another version's <c>fleet-silo.dll</c>).</summary>
    public static async Task<ProcessCluster> StartAsync(int silos, string? program, JsonObject emulatorConfig, params string[] siloSettings)
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
        var processes = Enumerable.Range(0, silos).Select(i => new SiloProcess(i, shared, program)).ToList();
        var cluster = new ProcessCluster(redis, emulator, processes, shared);
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

    /// <summary>Starts one more silo (this build's unless <paramref name="program"/> names another) and waits until it is ready.</summary>
    public async Task<SiloProcess> AddSiloAsync(string? program = null)
    {
        var silo = new SiloProcess(_silos.Count, _shared, program);
        _silos = _silos.Add(silo);
        await silo.StartAsync();
        return silo;
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
