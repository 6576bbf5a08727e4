using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Features.Admin;

/// <summary>Teams: a caseworker's supervising manager, one of the organisation's active managers; the manager's "My work" covers the team.</summary>
public sealed partial class AdminController
{
    [HttpPost("/admin/users/{id}/supervisor")]
    public async Task<IActionResult> Supervisor(string id, [Bind(Prefix = "Supervisor.Form")] SupervisorForm form, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        var chosen = string.IsNullOrEmpty(form.SupervisorId) ? null : form.SupervisorId;
        if (!await users.IsInRoleAsync(user, Roles.Caseworker))
        {
            ModelState.AddModelError("Supervisor.Form.SupervisorId", "Only a caseworker has a supervising manager: give the person the Caseworker role first");
        }
        else if (chosen is not null && !(await ManagersAsync(user.OrganisationId, ct)).Any(m => m.Id == chosen))
        {
            ModelState.AddModelError("Supervisor.Form.SupervisorId", "Choose an active manager of the person's organisation from the list");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Show", await UserPageAsync(user, null, ct) with { Supervisor = await SupervisorChoiceAsync(user, form, ct) });
        }

        if (user.SupervisorId == chosen)
        {
            return Done(user, "Nothing changed");
        }

        var from = user.SupervisorId;
        user.SupervisorId = chosen;
        await users.UpdateAsync(user);
        await audit.RecordAsync(new AuditEvent(AuditActions.UserChanged, "User", user.Id, Details: new { supervisor = new { from, to = chosen } }), ct);
        var name = chosen is null ? null : await users.Users.Where(u => u.Id == chosen).Select(u => u.DisplayName).SingleAsync(ct);
        return Done(user, name is null ? $"{user.DisplayName} has no supervising manager now" : $"{user.DisplayName} is now in {name}'s team");
    }

    /// <summary>The supervisor section of a caseworker's page; null for anyone else.</summary>
    private async Task<SupervisorChoice?> SupervisorChoiceAsync(AppUser user, SupervisorForm? form, CancellationToken ct)
    {
        if (!await users.IsInRoleAsync(user, Roles.Caseworker))
        {
            return null;
        }

        var managers = await ManagersAsync(user.OrganisationId, ct);
        var current = user.SupervisorId is { } id ? await users.Users.Where(u => u.Id == id).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        var items = managers.Select(m => new SelectListItem(m.DisplayName, m.Id)).Prepend(new SelectListItem("No supervising manager", string.Empty)).ToList();
        return new SupervisorChoice(current, form ?? new SupervisorForm { SupervisorId = user.SupervisorId }, items);
    }

    /// <summary>The organisation's managers who can sign in, by name.</summary>
    private async Task<List<AppUser>> ManagersAsync(Guid organisationId, CancellationToken ct) =>
        await users.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId && u.DisabledAt == null)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Manager)))
            .OrderBy(u => u.DisplayName)
            .ToListAsync(ct);
}
