using System.Diagnostics;

namespace Fleet.Testing;

/// <summary>
/// Gateway certificates made exactly as docs/operations.md says, by running <c>deploy/gateway-certs.sh</c> (openssl):
/// an authority, the silos' <c>gateway.pfx</c> and one client certificate per name, in a directory of their own.
/// </summary>
public sealed class GatewayCertificateFiles : IDisposable
{
    private GatewayCertificateFiles(string directory) => Directory = directory;

    /// <summary>The directory holding <c>ca.pem</c>, <c>gateway.pfx</c> and the clients' <c>.pfx</c> files.</summary>
    public string Directory { get; }

    /// <summary>The authority's certificate (PEM).</summary>
    public string Authority => Path.Combine(Directory, "ca.pem");

    /// <summary>The silos' certificate and key.</summary>
    public string Gateway => Path.Combine(Directory, "gateway.pfx");

    /// <summary>A client's certificate and key.</summary>
    public string Client(string name) => Path.Combine(Directory, name + ".pfx");

    /// <summary>Runs the script for the given client names; fails the test with the script's output if it fails.</summary>
    public static async Task<GatewayCertificateFiles> MakeAsync(params string[] clients)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("fleet-gateway-certs").FullName;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(RepoPaths.Root, "deploy", "gateway-certs.sh"), directory }.Concat(clients))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"deploy/gateway-certs.sh failed ({process.ExitCode}): {await output}\n{error}");
        return new GatewayCertificateFiles(directory);
    }

    /// <summary>The silo settings that turn gateway TLS on with these files.</summary>
    public string[] SiloSettings() =>
    [
        "Fleet:Clustering:GatewayTls:Enabled=true",
        $"Fleet:Clustering:GatewayTls:CertificatePath={Gateway}",
        $"Fleet:Clustering:GatewayTls:ClientAuthorityPath={Authority}",
    ];

    /// <inheritdoc />
    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
