using System.Xml.Linq;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Fleet.Testing;

/// <summary>The standalone EC2 emulator (<c>fleet-ec2-emulator</c>) as a separate process, and its admin endpoints.</summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _configPath;

    private EmulatorProcess(ChildProcess process, int port, string configPath)
    {
        _process = process;
        _configPath = configPath;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The Query API's address.</summary>
    public Uri BaseUrl { get; }

    /// <summary>A client for the admin endpoints.</summary>
    public HttpClient Http { get; }

    /// <summary>The process (for failure messages).</summary>
    public ChildProcess Process => _process;

    /// <summary>Starts the emulator with a region file (JSON, the emulator's README schema).</summary>
    public static async Task<EmulatorProcess> StartAsync(JsonObject config)
    {
        var port = FreePorts.Next();
        var configPath = Path.Combine(Path.GetTempPath(), $"fleet-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString());
        var process = ChildProcess.StartDotnet($"emulator-{port}", RepoPaths.Program("Fleet.Ec2.Emulator", "fleet-ec2-emulator"),
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--config", configPath]);
        await Eventually.Until(async () => await FreePorts.AcceptsAsync(port) || process.HasExited, ok => ok, $"the emulator on {port}", TimeSpan.FromSeconds(60));
        Assert.False(process.HasExited, process.Tail());
        return new EmulatorProcess(process, port, configPath);
    }

    /// <summary>The whole region as the emulator sees it (EC2's truth).</summary>
    public async Task<Ec2State> StateAsync() => Ec2State.Parse(await Http.GetStringAsync("_emulator/state"));

    /// <summary>Every call received, one JSON object per call.</summary>
    public async Task<IReadOnlyList<JsonObject>> TrailAsync()
    {
        var text = await Http.GetStringAsync("_emulator/trail");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject())];
    }

    /// <summary>Replaces the fault table (JSON as in the emulator's README).</summary>
    public async Task SetFaultsAsync(JsonObject faults)
    {
        using var content = new StringContent(faults.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("_emulator/faults", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Launches instances with RunInstances over the Query API (one call), returning their ids.</summary>
    public async Task<IReadOnlyList<string>> RunInstancesAsync(int count, string subnetId, string instanceType = "m5.large")
    {
        var form = new Dictionary<string, string>
        {
            ["Action"] = "RunInstances", ["Version"] = "2016-11-15", ["ImageId"] = "ami-00000000000000000",
            ["InstanceType"] = instanceType, ["MinCount"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MaxCount"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["SubnetId"] = subnetId,
        };
        using var response = await Http.PostAsync("", new FormUrlEncodedContent(form));
        var xml = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, xml);
        var document = XDocument.Parse(xml);
        return [.. document.Descendants().Where(e => e.Name.LocalName == "instancesSet").Elements()
            .Select(item => item.Elements().First(e => e.Name.LocalName == "instanceId").Value)];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
        File.Delete(_configPath);
    }
}
