using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>A generated child's placements: where they live from entering care until 18, with moves, areas and registration.</summary>
internal sealed partial class DemoHistory
{
    /// <summary>
    /// The child's placements, from entering care (around the referral; for half of unaccompanied children up to a year before it)
    /// until 18 or now: each lasts months, a few only weeks, and ends with a move to the next; most end at the 18th birthday.
    /// Returns the day the child came into care.
    /// </summary>
    public DateOnly AddPlacements(Child child, DateOnly firstReferral, string nationality, Organisation organisation)
    {
        var dob = child.DateOfBirth!.Value;
        var eighteenth = UkCalendar.Birthday(dob, 18);
        var intoCare = Max(dob, child.IsUasc && random.Chance(0.5)
            ? firstReferral.AddDays(-random.Next(30, 366))
            : firstReferral.AddDays(-random.Next(0, 30)));
        var staysOnAfter18 = random.Chance(0.15); // staying put with foster carers, or staying close
        var start = intoCare;
        for (var i = 0; start <= _today && (i == 0 || start < eighteenth); i++)
        {
            var age = UkCalendar.AgeOn(dob, start);
            var type = PlacementTypeFor(age, start, i == 0, child.IsUasc, nationality);
            var end = start.AddDays(Days(type) - 1);
            if (type == PlacementType.Unregulated && start < RegistrationRequiredFrom && end >= RegistrationRequiredFrom && random.Chance(0.85))
            {
                end = Max(start, RegistrationRequiredFrom.AddDays(random.Next(-30, 120)));
            }

            if (!staysOnAfter18 && start < eighteenth && end >= eighteenth)
            {
                end = eighteenth.AddDays(-1);
            }

            var current = end >= _today;
            var (area, outOfArea) = Where(organisation, child.IsUasc, type);
            child.AddPlacement(new PlacementDetails
            {
                Type = type,
                StartDate = start,
                EndDate = current ? null : end,
                Area = area,
                OutOfArea = outOfArea,
                OfstedRegistered = type == PlacementType.SupportedAccommodation ? Registered(start, current ? null : end) : null,
            }, At(Latest(start, current ? null : end)));
            if (current)
            {
                break;
            }

            start = end.AddDays(1);
        }

        return intoCare;
    }

    private PlacementType PlacementTypeFor(int age, DateOnly start, bool first, bool isUasc, string nationality)
    {
        if (first && isUasc && start >= HotelsFrom && start < HotelsUnlawfulFrom && random.Chance(nationality == "ALB" ? 0.5 : 0.25))
        {
            return PlacementType.HomeOfficeHotel;
        }

        // Unregulated placements: unlawful under 16 from September 2021 and at 16–17 from 28 October 2023, yet a few remain.
        var unregulated = age < 16
            ? (start < UnregulatedUnder16BannedFrom ? 3 : 0.2)
            : (start < RegistrationRequiredFrom ? (isUasc ? 12 : 5) : 0.5);
        (PlacementType, double)[] weights = (isUasc, age < 16) switch
        {
            (true, true) => [(PlacementType.Foster, 70), (PlacementType.ChildrensHome, 28), (PlacementType.Unregulated, unregulated)],
            (true, false) => [(PlacementType.SupportedAccommodation, 45), (PlacementType.Foster, 30), (PlacementType.ChildrensHome, 15), (PlacementType.Unregulated, unregulated)],
            (false, true) => [(PlacementType.Foster, 35), (PlacementType.ChildrensHome, 20), (PlacementType.Kinship, 15), (PlacementType.Family, 25), (PlacementType.Secure, 3), (PlacementType.Unregulated, unregulated / 2)],
            (false, false) => [(PlacementType.Foster, 22), (PlacementType.ChildrensHome, 22), (PlacementType.SupportedAccommodation, 20), (PlacementType.Kinship, 10), (PlacementType.Family, 20), (PlacementType.Secure, 2), (PlacementType.Unregulated, unregulated / 2)],
        };
        return random.Pick(weights);
    }

    /// <summary>How long a placement lasts: hotels weeks, secure placements months, family and kinship placements longest.</summary>
    private int Days(PlacementType type) => type switch
    {
        PlacementType.HomeOfficeHotel => random.Next(5, 43),
        PlacementType.Secure => random.Next(30, 181),
        PlacementType.Family or PlacementType.Kinship => random.LogNormalDays(365, 0.8, 14, 2000),
        PlacementType.Foster or PlacementType.ChildrensHome or PlacementType.SupportedAccommodation or PlacementType.Unregulated or PlacementType.Other
            => random.LogNormalDays(180, 0.9, 7, 1500),
    };

    /// <summary>In the council's own area, or out of it (more often for unaccompanied children); one in ten not recorded.</summary>
    private (string? Area, bool? OutOfArea) Where(Organisation organisation, bool isUasc, PlacementType type)
    {
        if (random.Chance(0.1))
        {
            return (null, null);
        }

        var outOfArea = type == PlacementType.HomeOfficeHotel || random.Chance(type is PlacementType.Family or PlacementType.Kinship ? 0.05 : isUasc ? 0.3 : 0.15);
        return outOfArea ? (random.PickOne(OtherAreas.Where(a => a != organisation.Name).ToList()), true) : (organisation.Name, false);
    }

    /// <summary>Ofsted registration of supported accommodation: required from 28 October 2023, and recorded for most placements current since.</summary>
    private bool? Registered(DateOnly start, DateOnly? end)
    {
        if (end is { } ended && ended < RegistrationRequiredFrom)
        {
            return null;
        }

        var roll = random.NextDouble();
        return start >= RegistrationRequiredFrom
            ? roll < 0.92 ? true : roll < 0.96 ? false : null
            : roll < 0.85 ? true : roll < 0.90 ? false : null;
    }
}
