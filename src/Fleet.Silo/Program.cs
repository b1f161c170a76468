using Fleet.Silo.Hosting;

try
{
    var builder = FleetSiloHost.CreateBuilder(args);
    await using var app = FleetSiloHost.Build(builder);
    await app.RunAsync();
    return 0;
}
catch (SiloConfigurationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    await Console.Error.WriteLineAsync($"{e.Message.TrimEnd('.')}. Is Fleet already running? Choose other ports with --Fleet:Http:Urls, --Fleet:Emulator:Port, --Fleet:Clustering:SiloPort and --Fleet:Clustering:GatewayPort.");
    return 3;
}
