using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Fleet.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using StackExchange.Redis;

namespace Fleet.Silo.Tests;

/// <summary>
/// A request that fails because the cluster is briefly short of a silo or of its grain store is answered 503 with
/// Retry-After and logged as one warning line; only a bug is a 500 with the error logged in full (the documented contract:
/// 500 means a bug).
/// </summary>
public sealed class TransientFailureAnswerTests : IAsyncLifetime
{
    private readonly RecordingLoggerProvider _logs = new();
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(_logs);
        _app = builder.Build();
        _app.UseFleetProblemDetails();
        _app.MapGet("/redis-down", () => Fail(new OrleansException("Error from storage provider RedisGrainStorage.node during WriteStateAsync for grain node/i-1",
            new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is active/available to service this operation"))));
        _app.MapGet("/version-conflict", () => Fail(new InconsistentStateException("Version conflict (WriteStateAsync)")));
        _app.MapGet("/silo-lost", () => Fail(new SiloUnavailableException("The target silo became unavailable")));
        _app.MapGet("/bug", () => Fail(new InvalidOperationException("a bug")));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/redis-down", "RedisConnectionException")]
    [InlineData("/version-conflict", "InconsistentStateException")]
    [InlineData("/silo-lost", "SiloUnavailableException")]
    public async Task A_request_failing_on_a_lost_silo_or_grain_store_is_a_503_to_retry_and_one_warning(string path, string cause)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("/unavailable", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        var line = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal((LogLevel.Warning, 5030), (line.Level, line.EventId));
        Assert.Contains(cause, line.Message, StringComparison.Ordinal);
        Assert.Null(line.Exception);
    }

    [Fact]
    public async Task A_bug_is_a_500_and_its_exception_is_logged_as_an_error()
    {
        using var response = await _http.GetAsync("/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("/internal", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
        var line = Assert.Single(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.IsType<InvalidOperationException>(line.Exception);
    }

    [Fact]
    public void Only_failures_of_the_cluster_or_its_store_count_as_transient_however_deeply_wrapped()
    {
        Assert.True(TransientFailure.Is(new OrleansException("outer", new InvalidOperationException("middle", new TimeoutException()))));
        Assert.True(TransientFailure.Is(new OrleansException("storage", new RedisTimeoutException("timeout", CommandStatus.Sent))));
        Assert.False(TransientFailure.Is(new OrleansException("a bug in a grain", new NullReferenceException())));
        Assert.False(TransientFailure.Is(new ArgumentException("bad")));
        Assert.False(TransientFailure.Is(null));
    }

    private static IResult Fail(Exception e) => throw e;

    private sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(Entries);

        public void Dispose()
        {
        }

        private sealed class Recorder(ConcurrentQueue<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));
        }
    }
}
