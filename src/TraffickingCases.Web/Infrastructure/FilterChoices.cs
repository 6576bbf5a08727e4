using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>The drop-downs that filter lists, built once for every page that offers them.</summary>
public static class FilterChoices
{
    /// <summary>The value that picks children nobody is assigned to.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>Any rule, RR-00, every rule of the rule set, and flags raised by hand.</summary>
    public static IReadOnlyList<SelectListItem> Rules() =>
    [
        new("Any rule", string.Empty),
        new($"{Flag.MatchCode} Possible same child", Flag.MatchCode),
        .. RuleSet.All.Select(r => new SelectListItem($"{r.Code} {r.Title}", r.Code)),
        new("Raised by hand", Flag.ManualCode),
    ];

    /// <summary>Anyone, nobody, or one of the organisation's caseworkers.</summary>
    public static IReadOnlyList<SelectListItem> Caseworkers(IEnumerable<AppUser> caseworkers) =>
        [new("Anyone", string.Empty), new("Not assigned", Unassigned), .. caseworkers.Select(u => new SelectListItem(u.DisplayName, u.Id))];
}
