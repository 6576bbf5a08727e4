using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-08: a child under 18 is placed where the law does not allow, or in supported accommodation not known to be registered.</summary>
public sealed class RiskyPlacementRule : IRiskRule
{
    public string Code => "RR-08";

    public string Title => "Placed unlawfully: a hotel, unregulated accommodation, or unregistered supported accommodation";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText =>
        "High for an unlawful placement (a hotel; unregulated accommodation; supported accommodation under 16, or not Ofsted-registered at 16–17); medium for supported accommodation at 16–17 whose registration is not recorded";

    public string Lifetime(RuleThresholds t) => "While the placement is current and the child is under 18; each placement is its own flag";

    public string Rationale =>
        "These placements are unlawful for children, not merely unsuitable: hotels since ECPAT UK v Kent (July 2023); unregulated placements for children under 16 since September 2021 and for 16–17-year-olds since supported accommodation had to be Ofsted-registered (28 October 2023). Of 4,600 unaccompanied children placed in Home Office hotels, 440 went missing.";

    public string Source =>
        "ECPAT UK v Kent County Council [2023] EWHC 1953 (Admin); The Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021; The Supported Accommodation (England) Regulations 2023; Home Office data on hotels for unaccompanied children (Jul 2021 – Jan 2023)";

    public string Thresholds(RuleThresholds t) => "under 16: no supported accommodation; 16–17: Ofsted-registered supported accommodation only";

    public Finding? Evaluate(RuleContext context)
    {
        if (context.Age is >= 18)
        {
            return null;
        }

        var current = Current(context);
        if (current is null)
        {
            return null;
        }

        var since = $"since {Evidence.Date(current.StartDate)}";
        var age = context.Age;
        var under16 = age is < 16;
        var key = current.Id.ToString();
        return current.Type switch
        {
            PlacementType.HomeOfficeHotel => new Finding(Code, Severity.High,
                $"Placed in a hotel {since}: unlawful for a child since ECPAT UK v Kent (July 2023)", key),
            PlacementType.Unregulated => new Finding(Code, Severity.High,
                $"Placed in unregulated accommodation {since}: unlawful for a child ({(under16 ? "under 16 since September 2021" : "16–17 since 28 October 2023")})", key),
            PlacementType.SupportedAccommodation when under16 => new Finding(Code, Severity.High,
                $"Placed in supported accommodation {since} at age {age}: unlawful under 16 (since September 2021)", key),
            PlacementType.SupportedAccommodation when current.OfstedRegistered == false => new Finding(Code, Severity.High,
                $"Placed in supported accommodation {since} that is not Ofsted-registered: unlawful for a 16–17-year-old since 28 October 2023", key),
            PlacementType.SupportedAccommodation when current.OfstedRegistered is null => new Finding(Code, Severity.Medium,
                $"Placed in supported accommodation {since}; its Ofsted registration is not recorded (required for 16–17-year-olds since 28 October 2023)", key),
            _ => null,
        };
    }

    public string EndReason(RuleContext context, string occurrenceKey)
    {
        var placement = context.Placements.FirstOrDefault(p => p.Id.ToString() == occurrenceKey);
        return placement switch
        {
            null => "The placement is no longer on the record",
            _ when context.Age is >= 18 => "Turned 18",
            { EndDate: { } end } when end < context.Today => $"Placement ended {Evidence.Date(end)}",
            { OfstedRegistered: true } => "Recorded as Ofsted-registered",
            _ when Current(context) is { } now && now.Id != placement.Id => "A later placement is current",
            _ => "The placement no longer meets the rule",
        };
    }

    /// <summary>When a placement starts or ends, or the child reaches 16 or 18.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var flips = new List<DateTimeOffset>();
        foreach (var placement in context.Placements)
        {
            flips.Add(ChangeTimes.From(placement.StartDate));
            if (placement.EndDate is { } end)
            {
                flips.Add(ChangeTimes.From(end.AddDays(1)));
            }
        }

        if (context.Child.DateOfBirth is { } dob)
        {
            flips.Add(ChangeTimes.Aged(dob, 16));
            flips.Add(ChangeTimes.Aged(dob, 18));
        }

        return ChangeTimes.First(this, context, flips);
    }

    private static Placement? Current(RuleContext context) =>
        context.Placements.Where(p => p.IsCurrentOn(context.Today)).OrderByDescending(p => p.StartDate).FirstOrDefault();
}
