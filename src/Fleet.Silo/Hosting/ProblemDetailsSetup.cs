using Fleet.Silo.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Fleet.Silo.Hosting;

/// <summary>Every error the silo answers is a problem with a stable type: unknown routes, wrong methods, timeouts, bugs.</summary>
internal static class ProblemDetailsSetup
{
    // The cluster is briefly short of a silo (failover, restart): the request was fine, a retry will be served.
    private static bool IsTransient(Exception? error) =>
        error is TimeoutException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.SiloUnavailableException;

    public static void UseFleetProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => IsTransient(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (IsTransient(error))
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                var result = IsTransient(error)
                    ? ProblemTypes.Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "The cluster did not answer in time.",
                        "A silo is starting, stopping or was lost; retry the request.")
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
}
