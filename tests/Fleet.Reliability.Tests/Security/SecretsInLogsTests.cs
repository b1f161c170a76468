using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Security;

/// <summary>
/// No credential or token reaches the silo's log: a silo process in <c>Aws</c> mode (AWS credentials from the
/// environment, signing every EC2 call — sent to a local emulator) with a bearer token, verbose logging, served
/// right and wrong tokens, a start-up refused for a bad token, and EC2 calls made.
/// </summary>
public sealed class SecretsInLogsTests(ITestOutputHelper output)
{
    private const string AccessKeyId = "AKIAFLEETTESTKEY0001";
    private const string SecretKey = "fleet/test/secret+key+0123456789abcdefABCDEF";
    private const string Token = "log-test-token-7f3a9c2e5b1d";
    private const string WrongToken = "wrong-token-4b8e1f0a6c3d9";

    [Fact]
    public async Task Neither_aws_credentials_nor_bearer_tokens_appear_in_the_silo_log()
    {
        var options = new EmulatorOptions();
        options.Latency.Enabled = false;
        var region = new Ec2Region(options);
        await using var emulator = await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 });
        var http = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
            ["AWS_REGION"] = "us-east-1",
        };
        await using var silo = ChildProcess.StartDotnet("secrets", RepoPaths.Program("Fleet.Silo", "fleet-silo"),
        [
            "--Fleet:Ec2:Mode=Aws", $"--Fleet:Ec2:ServiceUrl={emulator.BaseAddress}", $"--Fleet:Http:Urls=http://127.0.0.1:{http}",
            $"--Fleet:Http:BearerToken={Token}", $"--Fleet:Clustering:SiloPort={FreePorts.Next()}", $"--Fleet:Clustering:GatewayPort={FreePorts.Next()}",
            "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Orleans=Information", "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
        ], environment);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/") };
        await Eventually.Until(async () => silo.HasExited || await ReadyAsync(client), done => done, "the silo is ready", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200));
        Assert.False(silo.HasExited, silo.Tail());

        var instance = region.RunInstances(new RunInstancesRequest { SubnetId = region.Snapshot().Subnets.First(s => s.DefaultForAz).SubnetId }).Value!.Reservation.Instances[0].InstanceId;
        foreach (var token in new[] { Token, WrongToken, null })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/nodes/{instance}/demand") { Content = new StringContent("""{"used":20}""", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            output.WriteLine($"token {(token == Token ? "right" : token is null ? "none" : "wrong")}: {(int)response.StatusCode}");
            Assert.Equal(token == Token ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await Eventually.Until(() => client.GetStringAsync($"api/v1/nodes/{instance}"), body => body.Contains("\"ready\"", StringComparison.OrdinalIgnoreCase) || body.Contains("\"Ready\"", StringComparison.Ordinal),
            "the node is served (signed EC2 calls were made)", TimeSpan.FromSeconds(60));
        Assert.Contains(region.Trail(), t => t.Action == "AssignPrivateIpAddresses" && t.Outcome == "OK");
        await silo.TerminateAsync();
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var log = await File.ReadAllTextAsync(silo.LogPath);
        output.WriteLine($"log: {log.Length} characters, {log.Split('\n').Length} lines");
        foreach (var secret in new[] { AccessKeyId, SecretKey, Token, WrongToken })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("readyz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
