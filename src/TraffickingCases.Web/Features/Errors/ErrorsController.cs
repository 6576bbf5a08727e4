using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace TraffickingCases.Web.Features.Errors;

// Anonymous: error pages must render for anyone, including a signed-out visitor who hit a bad link.
[AllowAnonymous]
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
        return View(status == StatusCodes.Status404NotFound ? "NotFound" : "Status", status);
    }
}
