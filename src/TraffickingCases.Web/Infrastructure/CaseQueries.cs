using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>The one place that scopes case data to the signed-in user's organisation.</summary>
public static class CaseQueries
{
    /// <summary>Children the user may see: those of their own organisation. Anything else answers 404.</summary>
    public static IQueryable<Child> VisibleTo(this DbSet<Child> children, ClaimsPrincipal user)
    {
        var organisationId = user.OrganisationId();
        return children.Where(c => c.OrganisationId == organisationId);
    }

    /// <summary>A child with every part of their history, tracked for changes.</summary>
    public static Task<Child?> FindWithHistoryAsync(this CasesDbContext db, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        db.Children.VisibleTo(user)
            .Include(c => c.Referrals)
            .Include(c => c.MissingEpisodes)
            .Include(c => c.Placements)
            .Include(c => c.SupportRequests)
            .Include(c => c.Notes)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>People in the user's organisation who can hold a caseload.</summary>
    public static async Task<IReadOnlyList<AppUser>> CaseworkersAsync(this UserManager<AppUser> users, ClaimsPrincipal user)
    {
        var organisationId = user.OrganisationId();
        var caseworkers = await users.GetUsersInRoleAsync(Roles.Caseworker);
        var managers = await users.GetUsersInRoleAsync(Roles.Manager);
        return caseworkers.Concat(managers).Where(u => u.OrganisationId == organisationId)
            .DistinctBy(u => u.Id).OrderBy(u => u.DisplayName, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>Copies domain errors onto the form fields they concern.</summary>
    public static void AddDomainErrors(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, DomainValidationException e, string prefix)
    {
        foreach (var error in e.Errors)
        {
            modelState.AddModelError($"{prefix}.{error.Field}", error.Message);
        }
    }
}
