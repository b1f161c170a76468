using Fleet.Silo.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Hosting;

/// <summary>Every error the silo answers is a problem with a stable type: unknown routes, wrong methods, timeouts, bugs.</summary>
internal static partial class ProblemDetailsSetup
{
    public static void UseFleetProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => TransientFailure.Is(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,

            // A transient failure is expected while a silo or Redis is lost, once per request: one warning line each,
            // not the middleware's error with a stack trace. A bug keeps the middleware's error.
            SuppressDiagnosticsCallback = c => TransientFailure.Is(c.Exception),
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var transient = TransientFailure.Is(error);
                if (transient)
                {
                    context.Response.Headers.RetryAfter = "1";
                    Log.RequestFailedTransiently(Logger(context), context.Request.Method, context.Request.Path, Describe(error!));
                }

                var result = transient
                    ? ProblemTypes.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The cluster did not answer in time.",
                        "A silo is starting, stopping or was lost, or the grain store is briefly unreachable; nothing was stored; retry the request.")
                    : error is BadHttpRequestException bad
                        ? ProblemTypes.Problem(bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProblemTypes.PayloadTooLarge : ProblemTypes.MalformedJson,
                            "The request could not be read.", bad.Message)
                        : ProblemTypes.Problem(StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "Something went wrong in the silo.",
                            "The silo's log has the details.");
                return result.ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages(context =>
        {
            var response = context.HttpContext.Response;
            var result = response.StatusCode switch
            {
                // Minimal APIs answer a parameter that does not bind (seconds=abc, limit=9999999999) with an empty 400.
                StatusCodes.Status400BadRequest => ProblemTypes.Problem(400, ProblemTypes.Validation, "A parameter could not be read.",
                    $"A route or query parameter of {context.HttpContext.Request.Path} has the wrong type or is out of range."),
                StatusCodes.Status404NotFound => ProblemTypes.Problem(404, ProblemTypes.NotFound, "No such endpoint.", $"Nothing is served at {context.HttpContext.Request.Path}."),
                StatusCodes.Status405MethodNotAllowed => ProblemTypes.Problem(405, ProblemTypes.MethodNotAllowed, "Method not allowed.",
                    $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}."),
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.Problem(413, ProblemTypes.PayloadTooLarge, "The body is too large."),
                StatusCodes.Status415UnsupportedMediaType => ProblemTypes.Problem(415, ProblemTypes.UnsupportedMediaType, "The body must be JSON."),
                _ => null,
            };
            return result?.ExecuteAsync(context.HttpContext) ?? Task.CompletedTask;
        });
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Fleet.Silo.Api");

    // The outermost exception's type and message, and the transient cause inside it when it is wrapped.
    private static string Describe(Exception error)
    {
        var cause = error;
        while (cause.InnerException is { } inner && TransientFailure.Is(inner))
        {
            cause = inner;
        }

        var first = ReferenceEquals(cause, error) ? $"{error.GetType().Name}: {FirstLine(error.Message)}"
            : $"{error.GetType().Name} ({cause.GetType().Name}: {FirstLine(cause.Message)})";
        return first;

        static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5030, Level = LogLevel.Warning,
            Message = "{Method} {Path} answered 503: the cluster is briefly unavailable ({Cause}); the caller retries")]
        public static partial void RequestFailedTransiently(ILogger logger, string method, string path, string cause);
    }
}
