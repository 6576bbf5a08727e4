using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Home;

/// <summary>Sends each person to where their role starts.</summary>
public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() =>
        User.CanReadCases() ? Redirect("/children")
        : User.IsInRole(Roles.Admin) ? Redirect("/admin")
        : Redirect("/access-denied");
}
