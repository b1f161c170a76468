using Fleet.Silo.Api;
using Fleet.Silo.FleetPage;
using Fleet.Silo.Health;
using Fleet.Silo.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Builds the Fleet silo: an Orleans silo and ASP.NET Core in one process, configured through <c>Fleet:</c> keys
/// (appsettings.json, <c>Fleet__…</c> environment variables, <c>--Fleet:…=</c> flags), checked before anything starts.
/// </summary>
public static class FleetSiloHost
{
    /// <summary>
    /// Creates the builder with everything registered. Throws <see cref="SiloConfigurationException"/> naming every bad
    /// key. <paramref name="configure"/> adds configuration sources (tests) before the options are read.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(FleetSiloHost).Assembly.GetName().Name,
        });
        if (configure is not null)
        {
            configure(builder.Configuration);
            builder.Configuration.AddCommandLine(args);
        }

        var settings = SiloSettings.Load(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(settings.DerivedConfiguration());
        builder.AddFleetSilo(settings);
        return builder;
    }

    /// <summary>Builds the app: problem details, the token check, the API, the fleet page, the dashboard, metrics, probes, OpenAPI.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        var settings = app.Services.GetRequiredService<SiloSettings>();
        app.UseFleetProblemDetails();
        var metrics = MetricsListener.From(settings.Metrics);
        metrics.Use(app);
        if (settings.Http.RequiresToken)
        {
            // A scrape on the metrics listener needs no token; everything else on it was answered 404 above.
            app.UseWhen(context => !metrics.Serves(context), api => api.UseMiddleware<BearerTokenMiddleware>(settings.Http));
        }

        var api = app.MapGroup("/api/v1");
        api.MapNodes();
        api.MapObservation();
        app.MapFleetPage();
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapPrometheusScrapingEndpoint(MetricsListener.Path);
        app.MapFleetHealth();
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
