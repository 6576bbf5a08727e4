using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-08: the child is placed where children go missing.</summary>
public sealed class RiskyPlacementRule : IRiskRule
{
    public string Code => "RR-08";

    public string Title => "Placed in a hotel, unregulated or unsuitable supported accommodation";

    public string SeverityText => "High for a Home Office hotel; medium for unregulated accommodation or supported accommodation under the age limit";

    public string Rationale => "Of 4,600 unaccompanied children placed in Home Office hotels, 440 went missing and 200 were still missing; hotels, unregulated and supported accommodation are published risk factors.";

    public string Source => "Home Office data on hotels for unaccompanied children (Jul 2021 – Jan 2023); ECPAT UK v Kent [2023] EWHC 1953; docs/domain.md, RR-08";

    public string Thresholds(RuleThresholds t) => $"supported accommodation under age {t.SupportedAccommodationMinimumAge}";

    public Finding? Evaluate(RuleContext context)
    {
        var current = context.Child.Placements.Where(p => p.IsCurrentOn(context.Today)).OrderByDescending(p => p.StartDate).FirstOrDefault();
        if (current is null)
        {
            return null;
        }

        var since = $"since {Evidence.Date(current.StartDate)}";
        return current.Type switch
        {
            PlacementType.HomeOfficeHotel => new Finding(Code, Severity.High, $"Placed in a Home Office hotel {since}", current.Id.ToString()),
            PlacementType.Unregulated => new Finding(Code, Severity.Medium, $"Placed in unregulated accommodation {since}", current.Id.ToString()),
            PlacementType.SupportedAccommodation when context.Age is { } age && age < context.Thresholds.SupportedAccommodationMinimumAge =>
                new Finding(Code, Severity.Medium, $"Placed in supported accommodation {since} at age {age} (under {context.Thresholds.SupportedAccommodationMinimumAge})", current.Id.ToString()),
            _ => null,
        };
    }

    /// <summary>When a placement starts or ends, or the child reaches the age for supported accommodation.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var flips = new List<DateTimeOffset>();
        foreach (var placement in context.Child.Placements)
        {
            flips.Add(ChangeTimes.From(placement.StartDate));
            if (placement.EndDate is { } end)
            {
                flips.Add(ChangeTimes.From(end.AddDays(1)));
            }
        }

        if (context.Child.DateOfBirth is { } dob)
        {
            flips.Add(ChangeTimes.Aged(dob, context.Thresholds.SupportedAccommodationMinimumAge));
        }

        return ChangeTimes.First(this, context, flips);
    }
}
