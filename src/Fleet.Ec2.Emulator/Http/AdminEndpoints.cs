using System.Globalization;
using System.Text.Json;
using Fleet.Ec2.Emulator.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fleet.Ec2.Emulator.Http;

/// <summary>
/// <c>GET /_emulator/trail</c> (JSON lines; <c>?since=N</c> for calls after sequence N, <c>?limit=M</c>),
/// <c>GET /_emulator/stats</c>, <c>GET /_emulator/state</c>, <c>POST /_emulator/faults</c> (replaces the fault
/// table; answers it) and <c>POST /_emulator/reset</c>.
/// </summary>
internal static class AdminEndpoints
{
    public static async Task TrailAsync(HttpContext context, Ec2Region region)
    {
        var since = long.TryParse(context.Request.Query["since"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : int.MaxValue;
        var entries = region.Trail(since, limit);
        context.Response.ContentType = "application/x-ndjson";
        var buffer = new MemoryStream();
        foreach (var entry in entries)
        {
            await JsonSerializer.SerializeAsync(buffer, entry, AdminJson.Options, context.RequestAborted);
            buffer.WriteByte((byte)'\n');
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public static Task StatsAsync(HttpContext context, Ec2Region region) =>
        context.Response.WriteAsJsonAsync(region.Statistics(), AdminJson.Options, context.RequestAborted);

    public static Task StateAsync(HttpContext context, Ec2Region region) =>
        context.Response.WriteAsJsonAsync(region.Snapshot(), AdminJson.Options, context.RequestAborted);

    public static async Task FaultsAsync(HttpContext context, Ec2Region region)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            region.SetFaults(EmulatorConfigFile.ParseFaults(string.IsNullOrWhiteSpace(body) ? "{}" : body));
        }
        catch (OptionsValidationException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { errors = e.Failures }, AdminJson.Options, context.RequestAborted);
            return;
        }

        await context.Response.WriteAsJsonAsync(region.Snapshot().Faults, AdminJson.Options, context.RequestAborted);
    }

    public static Task ResetAsync(HttpContext context, Ec2Region region)
    {
        region.Reset();
        return context.Response.WriteAsJsonAsync(new { reset = true }, AdminJson.Options, context.RequestAborted);
    }
}
