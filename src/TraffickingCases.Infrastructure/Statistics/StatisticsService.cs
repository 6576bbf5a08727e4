using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Statistics;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Statistics;

/// <summary>Settings from the configuration section <c>Statistics</c>.</summary>
public sealed class StatisticsSettings
{
    /// <summary>Counts from 1 to this minus one are suppressed (CTDC publishes with k = 11; 10 is common in UK councils).</summary>
    public int SuppressionThreshold { get; set; } = 10;

    /// <summary>Totals are rounded to the nearest multiple of this.</summary>
    public int RoundTotalsTo { get; set; } = 5;
}

/// <summary>One row of a published table: its labels, its figures, and whether it is a total.</summary>
public sealed record StatisticsRow(IReadOnlyList<string> Labels, IReadOnlyList<Figure> Figures, bool IsTotal = false);

public sealed record StatisticsTable(string Key, string Title, IReadOnlyList<string> LabelHeaders, IReadOnlyList<string> FigureHeaders, IReadOnlyList<StatisticsRow> Rows, string? Note = null);

public sealed record StatisticsReport(DateOnly From, DateOnly To, string Scope, int Threshold, int RoundTo, IReadOnlyList<StatisticsTable> Tables)
{
    /// <summary>Every figure as one row per value (table, row, measure, value) for CSV and xlsx downloads.</summary>
    public IEnumerable<object?[]> LongRows()
    {
        yield return ["about", "period", "from", From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
        yield return ["about", "period", "to", To.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
        yield return ["about", "organisation", "scope", Scope];
        yield return ["about", "small-number protection", "counts below this are shown as [c]", Threshold];
        yield return ["about", "small-number protection", "totals rounded to the nearest", RoundTo];
        foreach (var table in Tables)
        {
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < table.FigureHeaders.Count; i++)
                {
                    var figure = row.Figures[i];
                    object? value = figure.Kind != FigureKind.Suppressed && figure.Value is { } v && v == Math.Floor(v) ? (int)v : figure.ToString();
                    yield return [table.Key, string.Join(" | ", row.Labels), table.FigureHeaders[i], value];
                }
            }
        }
    }
}

/// <summary>
/// Statistics a council or an auditor can publish, computed from the case records for a period (UK dates, inclusive)
/// and one organisation or all, with small-number protection applied before anything leaves (<see cref="SmallNumbers"/>).
/// </summary>
public sealed class StatisticsService([FromKeyedServices(ReadOnlyCases.Key)] CasesDbContext db, StatisticsSettings settings, TimeProvider clock)
{
    public static readonly IReadOnlyList<Gender> Genders = [Gender.Female, Gender.Male, Gender.Other, Gender.Unknown];

    /// <summary>Nationality groups: the largest groups of children referred in 2023 (Home Office data tables), then the rest.</summary>
    public static readonly IReadOnlyList<(string Code, string Group)> NationalityGroups =
    [
        ("GBR", "UK"), ("ALB", "Albanian"), ("SDN", "Sudanese"), ("ERI", "Eritrean"), ("AFG", "Afghan"), ("VNM", "Vietnamese"),
        ("IRN", "Iranian"),
    ];

    public async Task<StatisticsReport> BuildAsync(DateOnly from, DateOnly to, Guid? organisationId, string scope, CancellationToken ct)
    {
        var protection = new SmallNumbers(settings.SuppressionThreshold, settings.RoundTotalsTo);
        var children = db.Children.AsNoTracking().Where(c => organisationId == null || c.OrganisationId == organisationId);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.EnteredInErrorAt == null)
            .Join(children, r => r.ChildId, c => c.Id, (r, c) => new { r.ChildId, r.ReferralDate, r.ExploitationTypes, r.RgDecisionDate, r.CgDecisionDate, c.Gender, c.DateOfBirth, c.Nationalities })
            .Where(r => (r.ReferralDate >= from && r.ReferralDate <= to)
                || (r.RgDecisionDate >= from && r.RgDecisionDate <= to)
                || (r.CgDecisionDate >= from && r.CgDecisionDate <= to))
            .ToListAsync(ct);
        var start = UkCalendar.FromLondon(from.ToDateTime(TimeOnly.MinValue));
        var end = UkCalendar.FromLondon(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var episodes = await db.MissingEpisodes.AsNoTracking().Where(e => e.EnteredInErrorAt == null)
            .Join(children, e => e.ChildId, c => c.Id, (e, c) => new { e.ChildId, e.WentMissingAt, e.ReturnedAt, e.ReturnInterviewCompletedAt, e.ReturnInterviewDeclined })
            .Where(e => (e.WentMissingAt >= start && e.WentMissingAt < end) || (e.ReturnedAt >= start && e.ReturnedAt < end))
            .ToListAsync(ct);
        SupportType[] waited = [SupportType.LegalAdvice, SupportType.ImmigrationLegalAdvice, SupportType.MentalHealth];
        var support = await db.SupportRequests.AsNoTracking().Where(s => s.EnteredInErrorAt == null)
            .Join(children, s => s.ChildId, c => c.Id, (s, c) => new { s.Type, s.RequestedOn, s.StartedOn })
            .Where(s => waited.Contains(s.Type) && s.RequestedOn <= to && (s.StartedOn == null || s.StartedOn >= from))
            .ToListAsync(ct);

        var inPeriod = referrals.Where(r => r.ReferralDate >= from && r.ReferralDate <= to).ToList();
        var tables = new List<StatisticsTable>();

        // Children referred, and referred two or more times, by gender.
        var byChild = inPeriod.GroupBy(r => r.ChildId).Select(g => (Gender: g.First().Gender, Count: g.Count())).ToList();
        var childRows = Genders.Select(gender => new StatisticsRow(
            [Labels.Of(gender)],
            [protection.Cell(byChild.Count(c => c.Gender == gender)), protection.Cell(byChild.Count(c => c.Gender == gender && c.Count >= 2))])).ToList();
        childRows.Add(new StatisticsRow(["All children"], [protection.Total(byChild.Count), protection.Total(byChild.Count(c => c.Count >= 2))], IsTotal: true));
        tables.Add(new StatisticsTable("children-referred", "Children referred", ["Gender"], ["Children referred", "Referred two or more times in the period"], childRows));

        // Referrals by quarter × exploitation type × gender × age band × nationality group.
        var cells = inPeriod
            .GroupBy(r => (
                Quarter: Quarter(r.ReferralDate),
                Exploitation: ExploitationCategory(r.ExploitationTypes),
                Gender: Labels.Of(r.Gender),
                AgeBand: AgeBands.Of(r.DateOfBirth is { } dob && r.ReferralDate >= dob ? UkCalendar.AgeOn(dob, r.ReferralDate) : null),
                Nationality: NationalityGroup(r.Nationalities)))
            .OrderBy(g => g.Key.Quarter.Start).ThenBy(g => g.Key.Exploitation, StringComparer.Ordinal).ThenBy(g => g.Key.Gender, StringComparer.Ordinal)
            .ThenBy(g => AgeBandOrder(g.Key.AgeBand)).ThenBy(g => g.Key.Nationality, StringComparer.Ordinal)
            .ToList();
        var referralRows = new List<StatisticsRow>();
        foreach (var quarter in cells.GroupBy(c => c.Key.Quarter))
        {
            referralRows.AddRange(quarter.Select(c => new StatisticsRow(
                [quarter.Key.Label, c.Key.Exploitation, c.Key.Gender, c.Key.AgeBand, c.Key.Nationality], [protection.Cell(c.Count())])));
            referralRows.Add(new StatisticsRow([quarter.Key.Label, "All", "All", "All", "All"], [protection.Total(quarter.Sum(c => c.Count()))], IsTotal: true));
        }

        referralRows.Add(new StatisticsRow(["All quarters", "All", "All", "All", "All"], [protection.Total(inPeriod.Count)], IsTotal: true));
        tables.Add(new StatisticsTable("referrals", "Referrals by quarter, exploitation type, gender, age band and nationality",
            ["Quarter", "Exploitation type", "Gender", "Age at referral", "Nationality"], ["Referrals"], referralRows,
            "Exploitation type: one type, or 'Multiple' when a referral records more than one. Nationality: the first recorded."));

        // Missing from care.
        var started = episodes.Where(e => e.WentMissingAt >= start && e.WentMissingAt < end).ToList();
        var returned = episodes.Where(e => e.ReturnedAt >= start && e.ReturnedAt < end).ToList();
        var within72 = returned.Count(e => e.ReturnInterviewCompletedAt is { } done && done - e.ReturnedAt!.Value <= MissingEpisode.ReturnInterviewDue);
        var late = returned.Count(e => e.ReturnInterviewCompletedAt is { } done && done - e.ReturnedAt!.Value > MissingEpisode.ReturnInterviewDue);
        var declined = returned.Count(e => e.ReturnInterviewCompletedAt is null && e.ReturnInterviewDeclined);
        tables.Add(new StatisticsTable("missing", "Missing from care", ["Measure"], ["Number"],
        [
            new(["Missing episodes that began in the period"], [protection.Cell(started.Count)]),
            new(["Children who went missing"], [protection.Cell(started.Select(e => e.ChildId).Distinct().Count())]),
            new(["Return interviews completed within 72 hours of return"], [protection.Cell(within72)]),
            new(["Return interviews completed later than 72 hours after return"], [protection.Cell(late)]),
            new(["Return interviews declined by the child"], [protection.Cell(declined)]),
            new(["Returns with no return interview completed or declined"], [protection.Cell(returned.Count - within72 - late - declined)]),
            new(["Returns from missing in the period"], [protection.Total(returned.Count)], IsTotal: true),
        ], "Every child must be offered an independent return interview within 72 hours of return (DfE statutory guidance, 2014). Lateness is measured here; a flag (RR-05) stays only while an interview is outstanding."));

        // Days from referral to decisions made in the period.
        var rg = referrals.Where(r => r.RgDecisionDate >= from && r.RgDecisionDate <= to).Select(r => r.RgDecisionDate!.Value.DayNumber - r.ReferralDate.DayNumber).ToList();
        var cg = referrals.Where(r => r.CgDecisionDate >= from && r.CgDecisionDate <= to).Select(r => r.CgDecisionDate!.Value.DayNumber - r.ReferralDate.DayNumber).ToList();
        tables.Add(new StatisticsTable("decisions", "Days from referral to decisions made in the period", ["Decision"], ["Decisions", "Median days", "90th percentile days"],
        [
            new(["Reasonable Grounds"], [protection.Cell(rg.Count), protection.Statistic(Median(rg), rg.Count), protection.Statistic(Percentile(rg, 0.9), rg.Count)]),
            new(["Conclusive Grounds"], [protection.Cell(cg.Count), protection.Statistic(Median(cg), cg.Count), protection.Statistic(Percentile(cg, 0.9), cg.Count)]),
        ], "Reasonable Grounds decisions are due within 5 working days of referral; Conclusive Grounds decisions have no target."));

        // Days waiting for legal and mental-health support that started in the period, and requests still waiting at its end.
        var today = UkCalendar.Today(clock);
        var waitEnd = to < today ? to : today;
        StatisticsRow Waiting(string label, Func<SupportType, bool> kind)
        {
            var begun = support.Where(s => kind(s.Type) && s.StartedOn >= from && s.StartedOn <= to).Select(s => s.StartedOn!.Value.DayNumber - s.RequestedOn.DayNumber).ToList();
            var still = support.Count(s => kind(s.Type) && s.RequestedOn <= waitEnd && (s.StartedOn is null || s.StartedOn > waitEnd));
            return new StatisticsRow([label],
                [protection.Cell(begun.Count), protection.Statistic(Median(begun), begun.Count), protection.Statistic(Percentile(begun, 0.9), begun.Count), protection.Cell(still)]);
        }

        tables.Add(new StatisticsTable("support", "Days waiting for support that started in the period", ["Support"], ["Started", "Median days", "90th percentile days", "Still waiting at the end of the period"],
        [
            Waiting("Legal advice (including immigration)", t => t is SupportType.LegalAdvice or SupportType.ImmigrationLegalAdvice),
            Waiting("Mental health", t => t is SupportType.MentalHealth),
        ]));

        return new StatisticsReport(from, to, scope, protection.Threshold, protection.RoundTo, tables);
    }

    public static (DateOnly Start, string Label) Quarter(DateOnly date)
    {
        var first = (date.Month - 1) / 3 * 3 + 1;
        var start = new DateOnly(date.Year, first, 1);
        var names = new[] { "Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec" };
        return (start, $"{date.Year} {names[(first - 1) / 3]}");
    }

    public static string ExploitationCategory(ExploitationTypes types)
    {
        var single = Labels.SingleExploitationTypes.Where(t => types.HasFlag(t)).ToList();
        return single.Count switch
        {
            0 => "Not known",
            1 => Labels.OfSingle(single[0]),
            _ => "Multiple",
        };
    }

    public static string NationalityGroup(IReadOnlyList<string> nationalities) =>
        nationalities.Count == 0 ? "Not known" : NationalityGroups.FirstOrDefault(g => g.Code == nationalities[0]).Group ?? "Other";

    /// <summary>The middle value (the mean of the two middle values for an even count).</summary>
    public static double? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p of the values at or below it.</summary>
    public static double? Percentile(IReadOnlyList<int> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static int AgeBandOrder(string band) => AgeBands.All.ToList().IndexOf(band);
}
