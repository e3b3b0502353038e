using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PawfectLive.ServiceDefaults.Problems;

namespace PawfectLive.ServiceDefaults;

/// <summary>
/// Turns request-binding failures (malformed JSON, wrong types, bodies over the limit) into 4xx problem details
/// instead of a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var status = badRequest.StatusCode is >= 400 and < 500 ? badRequest.StatusCode : StatusCodes.Status400BadRequest;
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Type = status == StatusCodes.Status413PayloadTooLarge
                    ? ProblemTypes.PayloadTooLarge
                    : ProblemTypes.MalformedRequest,
                Title = status == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                // The inner JSON error names the offending path and position, which is what a client needs to fix it.
                Detail = badRequest.InnerException?.Message ?? badRequest.Message,
            },
        });
    }
}
