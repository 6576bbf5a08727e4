using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Admin;

public sealed record UserRow(string Id, string Email, string Name, string Organisation, string Roles, string Status)
{
    /// <summary>The supervising manager's name, for a caseworker in a team.</summary>
    public string? Supervisor { get; init; }
}

public sealed record AdminPage(IReadOnlyList<Organisation> Organisations, IReadOnlyList<UserRow> Users, IReadOnlyDictionary<Guid, int> ChildCounts);

/// <summary>
/// Administrators manage organisations and who can sign in, in the browser: invite, set role and organisation, disable
/// and enable, unlock, reset a second factor. They never see case data beyond a count. Every action is audited, ends the
/// person's sessions where it changes what they may do, and the last active administrator cannot be removed.
/// </summary>
[Authorize(Policy = Policies.Administer)]
public sealed partial class AdminController(
    CasesDbContext db, UserManager<AppUser> users, SessionEnder sessions, UserSessions sessionStore, AuditTrail audit, TimeProvider clock) : Controller
{
    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        var rolesByUser = await RolesByUserAsync(ct);
        var now = clock.GetUtcNow();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var people = all.ToDictionary(u => u.Id, u => u.DisplayName);
        var rows = all
            .Select(u => new UserRow(u.Id, u.Email ?? string.Empty, u.DisplayName, names.GetValueOrDefault(u.OrganisationId, "Unknown"),
                rolesByUser.GetValueOrDefault(u.Id, "None"), Status(u, now)) { Supervisor = u.SupervisorId is { } s ? people.GetValueOrDefault(s) : null })
            .ToList();
        var counts = await db.Children.GroupBy(c => c.OrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        ViewData["Section"] = "Admin";
        return View(new AdminPage(organisations, rows, counts));
    }

    [HttpGet("/admin/users/invite")]
    public async Task<IActionResult> Invite(CancellationToken ct) => View(new InvitePage(new InviteForm(), await ChoicesAsync(ct)));

    [HttpPost("/admin/users/invite")]
    public async Task<IActionResult> Invite(InviteForm form, CancellationToken ct)
    {
        await CheckChoicesAsync(form.Role, form.OrganisationId, "Form.Role", "Form.OrganisationId", ct);
        if (ModelState.IsValid)
        {
            var email = form.Email!.Trim();
            var user = new AppUser { UserName = email, Email = email, DisplayName = form.DisplayName!.Trim(), OrganisationId = form.OrganisationId!.Value };
            var created = await users.CreateAsync(user); // no password: the person sets one from the invitation
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, form.Role!);
                await audit.RecordAsync(new AuditEvent(AuditActions.UserInvited, "User", user.Id, Details: new { role = form.Role, organisationId = form.OrganisationId }), ct);
                return View("InvitationMade", await InvitationAsync(user));
            }

            foreach (var error in created.Errors)
            {
                ModelState.AddModelError("Form.Email", error.Code is "DuplicateEmail" or "DuplicateUserName"
                    ? "Someone already has an account with this email address" : error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(new InvitePage(form, await ChoicesAsync(ct)));
    }

    [HttpGet("/admin/users/{id}")]
    public async Task<IActionResult> Show(string id, CancellationToken ct) =>
        await users.FindByIdAsync(id) is { } user ? View(await UserPageAsync(user, null, ct)) : NotFound();

    /// <summary>A new invitation link for someone who has not accepted theirs; the old link stops working.</summary>
    [HttpPost("/admin/users/{id}/invitation")]
    public async Task<IActionResult> Reinvite(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        if (await users.HasPasswordAsync(user))
        {
            return Done(user, "This person has accepted their invitation already");
        }

        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(new AuditEvent(AuditActions.UserInvited, "User", user.Id, Details: new { again = true }), ct);
        return View("InvitationMade", await InvitationAsync(user));
    }

    [HttpPost("/admin/users/{id}/access")]
    public async Task<IActionResult> Access(string id, [Bind(Prefix = "Access")] AccessForm form, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        await CheckChoicesAsync(form.Role, form.OrganisationId, "Access.Role", "Access.OrganisationId", ct);
        var current = await users.GetRolesAsync(user);
        if (ModelState.IsValid && current.Contains(Roles.Admin) && form.Role != Roles.Admin && await IsLastActiveAdminAsync(user))
        {
            ModelState.AddModelError("Access.Role", "This is the last active administrator: give another person the Admin role first");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Show", await UserPageAsync(user, form, ct));
        }

        var roleChanged = !(current.Count == 1 && current[0] == form.Role);
        var organisationChanged = user.OrganisationId != form.OrganisationId;
        if (!roleChanged && !organisationChanged)
        {
            return Done(user, "Nothing changed");
        }

        if (roleChanged)
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, form.Role!);
        }

        user.OrganisationId = form.OrganisationId!.Value;
        // A team is within one organisation and made of caseworkers: a move or a new role leaves it.
        user.SupervisorId = organisationChanged || form.Role != Roles.Caseworker ? null : user.SupervisorId;
        await users.UpdateAsync(user);
        var ended = await sessions.EndAllAsync(user, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.UserChanged, "User", user.Id,
            Details: new { from = new { roles = current, }, role = form.Role, organisationId = form.OrganisationId, sessionsEnded = ended }), ct);
        return Done(user, $"{user.DisplayName}'s role and organisation are saved. They have been signed out and will see the change when they sign in.");
    }

    [HttpPost("/admin/users/{id}/disable")]
    public async Task<IActionResult> Disable(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        if (user.Id == User.UserId())
        {
            return Done(user, "You cannot disable your own account. Another administrator can.");
        }

        if ((await users.GetRolesAsync(user)).Contains(Roles.Admin) && await IsLastActiveAdminAsync(user))
        {
            return Done(user, "This is the last active administrator and cannot be disabled");
        }

        user.DisabledAt ??= clock.GetUtcNow();
        await users.UpdateAsync(user);
        var ended = await sessions.EndAllAsync(user, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.UserDisabled, "User", user.Id, Details: new { sessionsEnded = ended }), ct);
        return Done(user, $"{user.DisplayName}'s account is disabled. They were signed out everywhere and cannot sign in.");
    }

    [HttpPost("/admin/users/{id}/enable")]
    public async Task<IActionResult> Enable(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        user.DisabledAt = null;
        await users.UpdateAsync(user);
        await audit.RecordAsync(new AuditEvent(AuditActions.UserEnabled, "User", user.Id), ct);
        return Done(user, $"{user.DisplayName}'s account is enabled. They can sign in again.");
    }

    [HttpPost("/admin/users/{id}/unlock")]
    public async Task<IActionResult> Unlock(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(new AuditEvent(AuditActions.UserUnlocked, "User", user.Id), ct);
        return Done(user, $"{user.DisplayName}'s account is unlocked");
    }

    /// <summary>For a lost phone: removes the authenticator, recovery codes and passkeys; the person sets up again at their next sign-in.</summary>
    [HttpPost("/admin/users/{id}/reset-second-factor")]
    public async Task<IActionResult> ResetSecondFactor(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return NotFound();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        foreach (var passkey in await users.GetPasskeysAsync(user))
        {
            await users.RemovePasskeyAsync(user, passkey.CredentialId);
        }

        var ended = await sessions.EndAllAsync(user, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.SecondFactorReset, "User", user.Id, Details: new { sessionsEnded = ended }), ct);
        return Done(user, $"{user.DisplayName}'s second factor is reset. They will set up an authenticator app when they next sign in.");
    }

    private RedirectResult Done(AppUser user, string message)
    {
        TempData["Confirmation"] = message;
        return Redirect($"/admin/users/{user.Id}");
    }

    private async Task<InvitationMadePage> InvitationAsync(AppUser user)
    {
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        var link = $"{Request.Scheme}://{Request.Host}/invitation?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
        var expiresAt = clock.GetUtcNow() + InvitationTokenProvider.Lifetime;
        var emailed = await InvitationEmail.QueueAsync(db, HttpContext.RequestServices.GetRequiredService<EmailSettings>(), user.Email, link, expiresAt, clock.GetUtcNow());
        return new InvitationMadePage(user.Email ?? string.Empty, link, expiresAt, emailed);
    }

    private async Task<bool> IsLastActiveAdminAsync(AppUser user) =>
        !(await users.GetUsersInRoleAsync(Roles.Admin)).Any(a => a.Id != user.Id && a.DisabledAt is null);

    private async Task<Dictionary<string, string>> RolesByUserAsync(CancellationToken ct)
    {
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        return roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(r => r.Name).Order()));
    }

    private static string Status(AppUser user, DateTimeOffset now) =>
        user.DisabledAt is not null ? "Disabled"
        : user.LockoutEnd > now ? "Locked out"
        : user.PasswordHash is null ? "Invited"
        : "Active";

    private async Task<Choices> ChoicesAsync(CancellationToken ct) => new(
        Roles.All.Select(r => new SelectListItem(r, r)).Prepend(new SelectListItem("Choose a role", string.Empty)).ToList(),
        (await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => new SelectListItem(o.Name, o.Id.ToString())).Prepend(new SelectListItem("Choose an organisation", string.Empty)).ToList());

    private async Task CheckChoicesAsync(string? role, Guid? organisationId, string roleField, string organisationField, CancellationToken ct)
    {
        if (role is not null && !Roles.All.Contains(role))
        {
            ModelState.AddModelError(roleField, "Choose a role from the list");
        }

        if (organisationId is { } id && !await db.Organisations.AnyAsync(o => o.Id == id, ct))
        {
            ModelState.AddModelError(organisationField, "Choose an organisation from the list");
        }
    }

    private async Task<UserPage> UserPageAsync(AppUser user, AccessForm? form, CancellationToken ct)
    {
        var roles = await users.GetRolesAsync(user);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == user.OrganisationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        ViewData["Section"] = "Admin";
        return new UserPage(user.Id, user.Email ?? string.Empty, user.DisplayName, roles.Count == 0 ? "None" : string.Join(", ", roles), organisation ?? "Unknown",
            Status(user, now), user.DisabledAt is not null, user.LockoutEnd > now, user.PasswordHash is null, user.TwoFactorEnabled,
            (await users.GetPasskeysAsync(user)).Count, (await sessionStore.ListAsync(user.Id, now, ct)).Count, user.Id == User.UserId(),
            form ?? new AccessForm { Role = roles.FirstOrDefault(), OrganisationId = user.OrganisationId }, await ChoicesAsync(ct))
        {
            Supervisor = await SupervisorChoiceAsync(user, null, ct),
        };
    }
}
