using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Errors;

/// <summary>What the "wait and try again" page says: which limit refused the request, and how long to wait.</summary>
public sealed record TooManyRequestsPage(string Policy, int RetryAfterSeconds)
{
    public string Wait => RetryAfterSeconds switch
    {
        <= 1 => "a second",
        < 60 => $"{RetryAfterSeconds} seconds",
        < 120 => "a minute",
        _ => $"{(RetryAfterSeconds + 59) / 60} minutes",
    };
}

// Anonymous: error pages must render for anyone, including a signed-out visitor who hit a bad link.
// No antiforgery check: a refused POST is re-executed here before MVC ever checked its token, and this page changes nothing.
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("/error")]
    public IActionResult ServerError()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("ServerError");
    }

    [Route("/error/{status:int}")]
    public IActionResult Status(int status)
    {
        // Only error statuses: anything else (a negative number, a 200) is not a page there is.
        status = status is >= 400 and <= 599 ? status : StatusCodes.Status404NotFound;
        Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            var refusal = HttpContext.Items[Throttling.RefusalKey] as Refusal ?? new Refusal(string.Empty, 60);
            Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return View("TooManyRequests", new TooManyRequestsPage(refusal.Policy, refusal.RetryAfterSeconds));
        }

        return View(status == StatusCodes.Status404NotFound ? "NotFound" : "Status", status);
    }
}
