using Microsoft.AspNetCore.Mvc.Rendering;

namespace TraffickingCases.Web.Features.Shared;

/// <summary>The radios of a yes-or-no question that may not have been answered yet (a <c>bool?</c>; empty is "not recorded").</summary>
public static class YesNoChoices
{
    /// <summary>A question that must be answered, and may reveal more questions under "Yes" (nothing chosen at first).</summary>
    public static IReadOnlyList<SelectListItem> YesNo => [new("Yes", "true"), new("No", "false")];

    public static IReadOnlyList<SelectListItem> OrNotRecorded => [new("Yes", "true"), new("No", "false"), new("Not recorded", string.Empty)];
}
