using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>The one place that scopes case data to the signed-in user's organisation.</summary>
public static class CaseQueries
{
    /// <summary>
    /// Children the user may see: those of their own organisation, and not merged into another record (a merged
    /// record only redirects to its survivor). Anything else answers 404.
    /// </summary>
    public static IQueryable<Child> VisibleTo(this DbSet<Child> children, ClaimsPrincipal user)
    {
        return children.OfOrganisation(user.OrganisationId());
    }

    /// <summary>A child with every part of their history, tracked for changes.</summary>
    public static Task<Child?> FindWithHistoryAsync(this CasesDbContext db, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        db.Children.VisibleTo(user).WithHistory().SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>People in the user's organisation who can hold a caseload (caseworkers and managers), in one query.</summary>
    public static async Task<IReadOnlyList<AppUser>> CaseworkersAsync(this CasesDbContext db, ClaimsPrincipal user)
    {
        var organisationId = user.OrganisationId();
        string[] roles = [Roles.Caseworker, Roles.Manager];
        return await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))))
            .OrderBy(u => u.DisplayName)
            .ToListAsync();
    }

    /// <summary>
    /// Adds the domain's errors for fields the model binder has not already reported, so a form that fails
    /// binding still shows every problem at once.
    /// </summary>
    public static void AddDomainErrorsNotYetShown(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, IReadOnlyList<ValidationError> errors, string prefix)
    {
        foreach (var error in errors)
        {
            var key = $"{prefix}.{error.Field}";
            if (modelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            {
                modelState.AddModelError(key, error.Message);
            }
        }
    }

    /// <summary>Copies domain errors onto the form fields they concern.</summary>
    public static void AddDomainErrors(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, IReadOnlyList<ValidationError> errors, string prefix)
    {
        foreach (var error in errors)
        {
            modelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"{prefix}.{error.Field}", error.Message);
        }
    }
}
