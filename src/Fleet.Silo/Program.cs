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
