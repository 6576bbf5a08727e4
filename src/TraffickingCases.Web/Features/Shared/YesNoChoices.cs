using Microsoft.AspNetCore.Mvc.Rendering;

namespace TraffickingCases.Web.Features.Shared;

/// <summary>The radios of a yes-or-no question that may not have been answered yet (a <c>bool?</c>; empty is "not recorded").</summary>
public static class YesNoChoices
{
    public static IReadOnlyList<SelectListItem> OrNotRecorded => [new("Yes", "true"), new("No", "false"), new("Not recorded", string.Empty)];
}
