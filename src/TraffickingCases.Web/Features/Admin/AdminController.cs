using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Admin;

public sealed record UserRow(string Email, string Name, string Organisation, string Roles, bool LockedOut);

public sealed record AdminPage(IReadOnlyList<Organisation> Organisations, IReadOnlyList<UserRow> Users, IReadOnlyDictionary<Guid, int> ChildCounts);

/// <summary>Administrators see organisations and who can sign in; never case data beyond a count.</summary>
[Authorize(Policy = Policies.Administer)]
public sealed class AdminController(CasesDbContext db, UserManager<AppUser> users, TimeProvider clock) : Controller
{
    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        var names = organisations.ToDictionary(o => o.Id, o => o.Name);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var rolesByUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(r => r.Name).Order()));
        var now = clock.GetUtcNow();
        var rows = (await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct))
            .Select(u => new UserRow(u.Email ?? string.Empty, u.DisplayName, names.GetValueOrDefault(u.OrganisationId, "Unknown"),
                rolesByUser.GetValueOrDefault(u.Id, "None"), u.LockoutEnd > now))
            .ToList();
        var counts = await db.Children.GroupBy(c => c.OrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        ViewData["Section"] = "Admin";
        return View(new AdminPage(organisations, rows, counts));
    }
}
