using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>
/// Generates children with histories shaped like the Home Office 2023 child referral figures
/// (see docs/domain.md): mostly boys aged 15–17, a nationality and exploitation mix as published,
/// a third going missing, decisions that drift, support that waits, and some repeat referrals.
/// Deterministic for a given seed, so tests and the demo see the same people.
/// </summary>
public sealed class DemoPopulation(int seed, DateTimeOffset now)
{
    private static readonly (string Code, double Weight)[] NationalityWeights =
    [
        ("GBR", 38), ("ALB", 10), ("SDN", 8), ("ERI", 6), ("AFG", 4), ("VNM", 3), ("IRN", 2), ("ROU", 2), ("SOM", 2),
        ("SYR", 1), ("ETH", 1), ("NGA", 1),
    ];

    private static readonly (string Name, OrganisationType Type)[] FirstResponders =
    [
        ("Metropolitan Police Service", OrganisationType.Police), ("Kent Police", OrganisationType.Police),
        ("Barnardo's", OrganisationType.Ngo), ("The Salvation Army", OrganisationType.Ngo), ("Migrant Help", OrganisationType.Ngo),
        ("Refugee Council", OrganisationType.Ngo), ("Border Force", OrganisationType.GovernmentAgency),
        ("UK Visas and Immigration", OrganisationType.GovernmentAgency), ("National Crime Agency", OrganisationType.GovernmentAgency),
    ];

    private readonly Random _random = new(seed);
    private readonly DateOnly _today = UkCalendar.DateOf(now);

    /// <summary>Makes one child with a history, responsible to one of the organisations.</summary>
    public Child NextChild(string reference, Organisation organisation, string? caseworkerId, string? externalId = null)
    {
        var nationality = Pick(NationalityWeights);
        var isUk = nationality == "GBR";
        var gender = Gender();
        var names = NameBank.ByNationality[nationality];
        var given = names.GivenName(_random, gender == Domain.Children.Gender.Female);

        // Where the family field holds the father's name, the given-name field often holds the father's name
        // too (given name + father's name + grandfather's name); other children sometimes give a second name.
        if (!isUk && !names.HasMiddleNames && _random.NextDouble() < (names.FamilyIsFathersName ? 0.25 : 0.1))
        {
            given += " " + names.Boys.Pick(_random);
        }

        var family = names.FamilyName(_random);
        var firstReferral = _today.AddDays(-_random.Next(5, 3 * 365));
        var ageAtReferral = Chance(0.70) ? _random.Next(15, 18) : Chance(0.67) ? _random.Next(12, 15) : _random.Next(8, 12);
        var dob = firstReferral.AddYears(-ageAtReferral).AddDays(-_random.Next(0, 360));
        var precision = isUk ? DobPrecision.Exact : Chance(0.5) ? DobPrecision.Exact : Chance(0.7) ? DobPrecision.Estimated : DobPrecision.Disputed;
        if (precision == DobPrecision.Estimated && Chance(0.5))
        {
            // Estimated dates of birth are often recorded as 1 January.
            dob = UkCalendar.AgeOn(new DateOnly(dob.Year, 1, 1), firstReferral) < 18 ? new DateOnly(dob.Year, 1, 1) : new DateOnly(dob.Year + 1, 1, 1);
        }

        var otherNames = new List<string>();
        if (Chance(0.2))
        {
            otherNames.Add(PickOne(NameBank.Nicknames));
        }

        if (!isUk && Chance(0.1))
        {
            otherNames.Add($"{family} {given}");
        }

        var child = Child.Register(reference, new ChildDetails
        {
            ExternalId = externalId,
            GivenNames = given,
            FamilyName = family,
            OtherNames = otherNames,
            DateOfBirth = dob,
            DobPrecision = precision,
            Gender = gender,
            Nationalities = nationality == "ERI" && Chance(0.05) ? ["ERI", "ETH"] : [nationality],
            FirstLanguage = Language(nationality),
            InterpreterNeeded = !isUk && Chance(0.8),
            IsUasc = !isUk && Chance(0.7),
        }, organisation.Id, caseworkerId, At(firstReferral.AddDays(-_random.Next(0, 20))));

        AddReferral(child, firstReferral, nationality, gender, organisation);
        var repeats = Chance(0.18) ? (Chance(0.2) ? 2 : 1) : 0;
        var last = firstReferral;
        for (var i = 0; i < repeats; i++)
        {
            var next = last.AddDays(_random.Next(60, 500));
            if (next >= _today || (child.AgeOn(next) ?? 0) >= 18)
            {
                break;
            }

            AddReferral(child, next, nationality, gender, organisation);
            last = next;
        }

        AddPlacements(child, firstReferral, isUk, nationality);
        if (Chance(0.34))
        {
            AddMissingEpisodes(child, firstReferral);
        }

        AddSupport(child, firstReferral, isUk, organisation);
        return child;
    }

    private void AddReferral(Child child, DateOnly date, string nationality, Gender gender, Organisation organisation)
    {
        var types = Exploitation(nationality, gender);
        var (responder, responderType) = Chance(0.45) ? (organisation.Name, organisation.Type) : PickOne(FirstResponders);
        var rgDate = date.AddDays(_random.Next(2, Chance(0.5) ? 12 : 90));
        var rg = rgDate > _today ? DecisionOutcome.Pending : Chance(0.74) ? DecisionOutcome.Positive : DecisionOutcome.Negative;
        var cgDate = rgDate.AddDays(_random.Next(NrmReferral.MinimumDaysFromRgToCg, 700));
        var cg = rg == DecisionOutcome.Positive && cgDate <= _today
            ? (Chance(0.81) ? DecisionOutcome.Positive : DecisionOutcome.Negative)
            : DecisionOutcome.Pending;
        var location = Chance(0.62) ? ExploitationLocation.Uk : Chance(0.76) ? ExploitationLocation.Overseas : ExploitationLocation.UkAndOverseas;
        var concern = Chance(0.3);
        child.AddReferral(new ReferralDetails
        {
            ReferralDate = date,
            FirstResponderOrganisation = responder,
            FirstResponderType = responderType,
            ExploitationTypes = types,
            CountyLines = types.HasFlag(ExploitationTypes.Criminal) && nationality == "GBR" && Chance(0.6),
            ExploitationLocation = nationality == "GBR" ? ExploitationLocation.Uk : location,
            FutureExploitationConcern = concern,
            FutureExploitationReasons = concern ? "Still in contact with the people who exploited them; debt bondage described." : null,
            CompetentAuthority = nationality != "GBR" && Chance(0.3) ? CompetentAuthority.Ieca : Chance(0.1) ? CompetentAuthority.DevolvedPilot : CompetentAuthority.Sca,
            RgOutcome = rg,
            RgDecisionDate = rg == DecisionOutcome.Pending ? null : rgDate,
            CgOutcome = cg,
            CgDecisionDate = cg == DecisionOutcome.Pending ? null : cgDate,
        }, At(Latest(date, rg == DecisionOutcome.Pending ? null : rgDate, cg == DecisionOutcome.Pending ? null : cgDate)));
    }

    private void AddPlacements(Child child, DateOnly from, bool isUk, string nationality)
    {
        var start = from.AddDays(-_random.Next(0, 30));
        var count = _random.Next(1, 4);
        for (var i = 0; i < count && start <= _today; i++)
        {
            var age = child.AgeOn(start) ?? 16;
            var type = isUk
                ? PickOne(age >= 16
                    ? [PlacementType.Foster, PlacementType.ChildrensHome, PlacementType.SupportedAccommodation, PlacementType.Kinship, PlacementType.Family]
                    : new[] { PlacementType.Foster, PlacementType.ChildrensHome, PlacementType.Kinship, PlacementType.Family, PlacementType.Secure })
                : nationality == "ALB" && Chance(0.15) ? PlacementType.HomeOfficeHotel
                : PickOne(age >= 16
                    ? [PlacementType.SupportedAccommodation, PlacementType.Foster, PlacementType.Unregulated, PlacementType.ChildrensHome]
                    : new[] { PlacementType.Foster, PlacementType.ChildrensHome });
            var end = start.AddDays(_random.Next(30, 400));
            var last = i == count - 1 || end >= _today;
            child.AddPlacement(new PlacementDetails { Type = type, StartDate = start, EndDate = last ? null : end }, At(Latest(start, last ? null : end)));
            if (last)
            {
                break;
            }

            start = end.AddDays(1);
        }
    }

    private void AddMissingEpisodes(Child child, DateOnly from)
    {
        var episodes = Math.Min(1 + (int)Math.Floor(-Math.Log(1 - _random.NextDouble()) * 3), 12);
        var start = UkCalendar.FromLondon(from.ToDateTime(new TimeOnly(_random.Next(14, 23), _random.Next(0, 60))));
        for (var i = 0; i < episodes; i++)
        {
            start = start.AddDays(_random.Next(3, 60)).AddHours(_random.Next(-6, 6));
            if (start >= now.AddHours(-2))
            {
                break;
            }

            var hours = Chance(0.9) ? _random.Next(2, 48) : _random.Next(49, 24 * 10);
            var back = start.AddHours(hours).AddMinutes(_random.Next(0, 60));
            var ongoing = back >= now || (i == episodes - 1 && start > now.AddDays(-30) && Chance(0.5));
            var reported = start.AddHours(_random.Next(1, 6));
            var interviewDone = !ongoing && Chance(0.63) ? back.AddHours(_random.Next(4, 70)) : (DateTimeOffset?)null;
            var lateInterview = !ongoing && interviewDone is null && Chance(0.5) ? back.AddHours(_random.Next(73, 200)) : (DateTimeOffset?)null;
            var completed = interviewDone ?? lateInterview;
            var declined = !ongoing && completed is null && Chance(0.3);
            child.RecordMissingEpisode(new MissingEpisodeDetails
            {
                WentMissingAt = start,
                ReturnedAt = ongoing ? null : back,
                WhereaboutsKnown = Chance(0.2),
                ReportedToPoliceAt = reported < now ? reported : null,
                PoliceReference = reported < now ? $"MP/{start.Year}/{_random.Next(10000, 99999)}" : null,
                PoliceRiskGrading = reported < now ? PickOne([PoliceRiskGrading.Low, PoliceRiskGrading.Medium, PoliceRiskGrading.Medium, PoliceRiskGrading.High]) : null,
                ReturnInterviewOfferedAt = ongoing ? null : back.AddHours(_random.Next(2, 24)) is var offered && offered < now && (completed is null || offered <= completed) ? offered : null,
                ReturnInterviewCompletedAt = completed is { } c && c < now ? c : null,
                ReturnInterviewDeclined = declined,
                Concerns = Chance(0.3) ? "Seen getting into an unknown car; new phone and cash on return." : null,
            }, ongoing ? now : Latest(back, completed ?? back, back.AddHours(24)));
            if (ongoing)
            {
                break;
            }

            start = back;
        }
    }

    private void AddSupport(Child child, DateOnly from, bool isUk, Organisation organisation)
    {
        var wanted = new List<SupportType>();
        if (!isUk)
        {
            wanted.Add(SupportType.ImmigrationLegalAdvice);
        }

        if (Chance(0.5))
        {
            wanted.Add(SupportType.LegalAdvice);
        }

        if (Chance(0.45))
        {
            wanted.Add(SupportType.MentalHealth);
        }

        if (organisation.IsInIctgArea && Chance(0.85))
        {
            wanted.Add(SupportType.Ictg);
        }

        if (Chance(0.3))
        {
            wanted.Add(SupportType.Education);
        }

        foreach (var type in wanted)
        {
            var requested = from.AddDays(_random.Next(0, 30));
            if (requested > _today)
            {
                continue;
            }

            var wait = type == SupportType.Ictg ? _random.Next(1, 25) : _random.Next(3, 120);
            var started = requested.AddDays(wait);
            child.RequestSupport(new SupportRequestDetails
            {
                Type = type,
                RequestedOn = requested,
                StartedOn = started <= _today ? started : null,
            }, At(Latest(requested, started <= _today ? started : null)));
        }
    }

    private ExploitationTypes Exploitation(string nationality, Gender gender)
    {
        if (gender == Domain.Children.Gender.Female && Chance(0.36))
        {
            return ExploitationTypes.Sexual;
        }

        if (nationality == "GBR" && Chance(0.68))
        {
            return ExploitationTypes.Criminal;
        }

        if (nationality is "SDN" or "ERI" or "AFG" && Chance(0.6))
        {
            return ExploitationTypes.Labour;
        }

        var roll = _random.NextDouble() * 100;
        return roll switch
        {
            < 36 => ExploitationTypes.Criminal,
            < 60 => ExploitationTypes.Labour,
            < 76 => PickOne([ExploitationTypes.Criminal | ExploitationTypes.Labour, ExploitationTypes.Criminal | ExploitationTypes.Sexual, ExploitationTypes.Labour | ExploitationTypes.DomesticServitude]),
            < 90 => ExploitationTypes.NotKnown,
            < 99 => ExploitationTypes.Sexual,
            _ => ExploitationTypes.DomesticServitude,
        };
    }

    private Gender Gender()
    {
        var roll = _random.NextDouble();
        return roll < 0.001 ? Domain.Children.Gender.Other : roll < 0.20 ? Domain.Children.Gender.Female : Domain.Children.Gender.Male;
    }

    private static string Language(string nationality) => nationality switch
    {
        "GBR" => "English",
        "ALB" => "Albanian",
        "SDN" or "SYR" => "Arabic",
        "ERI" => "Tigrinya",
        "AFG" => "Pashto",
        "VNM" => "Vietnamese",
        "IRN" => "Farsi",
        "ROU" => "Romanian",
        "SOM" => "Somali",
        "ETH" => "Amharic",
        "NGA" => "English",
        _ => "English",
    };

    private DateTimeOffset At(DateOnly date)
    {
        var at = UkCalendar.FromLondon(date.ToDateTime(new TimeOnly(9, 0).AddMinutes(_random.Next(0, 480))));
        return at > now ? now : at;
    }

    private static DateOnly Latest(DateOnly first, params DateOnly?[] others) =>
        others.OfType<DateOnly>().Append(first).Max();

    private DateTimeOffset Latest(DateTimeOffset first, params DateTimeOffset[] others)
    {
        var latest = others.Append(first).Max();
        return latest > now ? now : latest;
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T PickOne<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Pick((string Code, double Weight)[] weights)
    {
        var roll = _random.NextDouble() * weights.Sum(w => w.Weight);
        foreach (var (code, weight) in weights)
        {
            roll -= weight;
            if (roll < 0)
            {
                return code;
            }
        }

        return weights[^1].Code;
    }
}
