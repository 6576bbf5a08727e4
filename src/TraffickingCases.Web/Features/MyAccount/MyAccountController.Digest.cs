using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.MyAccount;

/// <summary>The daily digest: one email a day with the count of the person's unread notifications (for the roles that get them).</summary>
public sealed partial class MyAccountController
{
    [HttpPost("/account/daily-digest")]
    [Authorize(Policy = Policies.WriteCases)]
    public async Task<IActionResult> DailyDigest([FromForm] bool on)
    {
        var user = await CurrentAsync();
        if (user.DailyDigest != on)
        {
            user.DailyDigest = on;
            await users.UpdateAsync(user); // audited as an updated User
        }

        TempData["Confirmation"] = on
            ? "You will get one email a day when you have unread notifications"
            : "You will not get the daily email of notifications";
        return Redirect("/account");
    }
}
