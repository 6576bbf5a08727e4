using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>The query pieces every page, service and export shares, named once.</summary>
public static class SharedQueries
{
    /// <summary>
    /// An organisation's children, without the records merged into another (a merged record only redirects
    /// to the one it was merged into).
    /// </summary>
    public static IQueryable<Child> OfOrganisation(this IQueryable<Child> children, Guid organisationId) =>
        children.Where(c => c.OrganisationId == organisationId && c.MergedIntoId == null);

    /// <summary>Children with every part of their history.</summary>
    public static IQueryable<Child> WithHistory(this IQueryable<Child> children) =>
        children
            .Include(c => c.Referrals)
            .Include(c => c.MissingEpisodes)
            .Include(c => c.Placements)
            .Include(c => c.SupportRequests)
            .Include(c => c.Notes)
            .AsSplitQuery();

    /// <summary>Flags still waiting for a manager: open or acknowledged, whether or not their condition has cleared.</summary>
    public static IQueryable<Flag> ThatAreOpen(this IQueryable<Flag> flags) =>
        flags.Where(f => f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged);

    /// <summary>Flags that count towards a child's risk level: open or acknowledged, and their condition still holds.</summary>
    public static IQueryable<Flag> ThatCount(this IQueryable<Flag> flags) =>
        flags.ThatAreOpen().Where(f => f.ConditionClearedAt == null);
}
