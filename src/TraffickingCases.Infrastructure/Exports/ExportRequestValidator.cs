using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Exports;

/// <summary>An export as someone asked for it, on the <c>/exports</c> form or with <c>tc export</c>'s options, before it is checked.</summary>
public sealed record ExportRequestInput
{
    public ExportDataset? Dataset { get; init; }

    public ExportFormat? Format { get; init; }

    /// <summary>An organisation's code, or empty for every organisation.</summary>
    public string? Organisation { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Flags only: a rule code.</summary>
    public string? Rule { get; init; }

    /// <summary>Flags only: a <see cref="FlagStatus"/> name.</summary>
    public string? Status { get; init; }

    public bool Identifiable { get; init; }

    public string? Justification { get; init; }
}

/// <summary>The part of an export request a problem is about, so the web shows it beside the field and <c>tc</c> names the option.</summary>
public enum ExportField
{
    Dataset,
    Format,
    Organisation,
    From,
    To,
    Rule,
    Status,
    Justification,
}

public sealed record ExportProblem(ExportField Field, string Message)
{
    public override string ToString() => Message;
}

/// <summary>A checked request, or what is wrong with it (every problem at once).</summary>
public sealed record ExportRequestCheck(ExportRequest? Request, IReadOnlyList<ExportProblem> Problems)
{
    public bool IsValid => Request is not null;
}

/// <summary>
/// The one place an export request is checked, for <c>/exports</c> and <c>tc export</c> alike: a dataset and a format,
/// an organisation that exists, a date range that is in order and within <see cref="EarliestDate"/>–<see cref="LatestDate"/>,
/// rule and status for flags only, and a justification for an identifiable export. Who may export, and the password asked
/// again on the web, are the caller's.
/// </summary>
public sealed class ExportRequestValidator(CasesDbContext db, ExportSettings settings)
{
    /// <summary>No record in the service is older; a date before it is a slip of the keyboard.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>Far enough ahead for "everything from now on", near enough that the day after is still a date.</summary>
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    public async Task<ExportRequestCheck> CheckAsync(ExportRequestInput input, ExportActor actor, CancellationToken ct)
    {
        var problems = new List<ExportProblem>();
        if (input.Dataset is null)
        {
            problems.Add(new(ExportField.Dataset, "Choose what to export"));
        }

        if (input.Format is null)
        {
            problems.Add(new(ExportField.Format, "Choose a format"));
        }

        var code = string.IsNullOrWhiteSpace(input.Organisation) ? null : input.Organisation.Trim().ToUpperInvariant();
        Guid? organisationId = null;
        if (code is not null)
        {
            organisationId = await db.Organisations.Where(o => o.Code == code).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct);
            if (organisationId is null)
            {
                problems.Add(new(ExportField.Organisation, $"No organisation has the code {code}"));
            }
        }

        var status = string.IsNullOrWhiteSpace(input.Status) ? null : input.Status.Trim();
        if (status is not null && !Enum.TryParse<FlagStatus>(status, ignoreCase: true, out _))
        {
            problems.Add(new(ExportField.Status, $"The status must be one of {string.Join(", ", Enum.GetNames<FlagStatus>())}"));
        }

        var rule = string.IsNullOrWhiteSpace(input.Rule) ? null : input.Rule.Trim();
        var justification = input.Identifiable ? input.Justification?.Trim() : null;
        problems.AddRange(FlagsOnlyProblems(input.Dataset, rule, status));
        problems.AddRange(DateProblems(input.From, input.To));
        problems.AddRange(JustificationProblems(input.Identifiable, justification, settings));
        if (problems.Count > 0)
        {
            return new ExportRequestCheck(null, problems);
        }

        var request = new ExportRequest(
            input.Dataset!, input.Format!.Value,
            new ExportFilters { OrganisationId = organisationId, OrganisationCode = code, From = input.From, To = input.To, Rule = rule, Status = status },
            input.Identifiable, justification, actor);
        return new ExportRequestCheck(request, problems);
    }

    /// <summary>What is wrong with a request already built; the exporter refuses such a request whoever made it.</summary>
    public static IReadOnlyList<ExportProblem> Problems(ExportRequest request, ExportSettings settings) =>
        [
            .. FlagsOnlyProblems(request.Dataset, request.Filters.Rule, request.Filters.Status),
            .. DateProblems(request.Filters.From, request.Filters.To),
            .. JustificationProblems(request.Identifiable, request.Justification, settings),
        ];

    private static IEnumerable<ExportProblem> FlagsOnlyProblems(ExportDataset? dataset, string? rule, string? status)
    {
        if (dataset is not null && dataset.RuleColumn is null && (rule is not null || status is not null))
        {
            yield return new(rule is not null ? ExportField.Rule : ExportField.Status, "Rule and status filters apply only to flags");
        }
    }

    private static IEnumerable<ExportProblem> DateProblems(DateOnly? from, DateOnly? to)
    {
        var fromInRange = from is not { } f || (f >= EarliestDate && f <= LatestDate);
        var toInRange = to is not { } t || (t >= EarliestDate && t <= LatestDate);
        if (!fromInRange)
        {
            yield return new(ExportField.From, $"The start date must be between {Long(EarliestDate)} and {Long(LatestDate)}");
        }

        if (!toInRange)
        {
            yield return new(ExportField.To, $"The end date must be between {Long(EarliestDate)} and {Long(LatestDate)}");
        }

        if (fromInRange && toInRange && from > to)
        {
            yield return new(ExportField.To, "The end date must be on or after the start date");
        }
    }

    private static IEnumerable<ExportProblem> JustificationProblems(bool identifiable, string? justification, ExportSettings settings)
    {
        var length = justification?.Trim().Length ?? 0;
        if (identifiable && length < settings.MinimumJustificationLength)
        {
            yield return new(ExportField.Justification, length == 0
                ? $"Enter why you need names and dates of birth in this export: an identifiable export needs a justification of at least {settings.MinimumJustificationLength} characters"
                : $"An identifiable export needs a justification of at least {settings.MinimumJustificationLength} characters");
        }
    }

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
