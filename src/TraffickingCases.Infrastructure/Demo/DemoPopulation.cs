using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>
/// Generates children with histories shaped like the Home Office 2023 child referral figures
/// (see docs/domain.md): mostly boys aged 15–17, a nationality and exploitation mix as published,
/// a third going missing, decisions that drift, support that waits, and some repeat referrals
/// (the histories: <see cref="DemoHistory"/>). Deterministic for a given seed and moment, so tests
/// and the demo see the same people.
/// </summary>
public sealed class DemoPopulation(int seed, DateTimeOffset now)
{
    private static readonly (string Code, double Weight)[] NationalityWeights =
    [
        ("GBR", 38), ("ALB", 10), ("SDN", 8), ("ERI", 6), ("AFG", 4), ("VNM", 3), ("IRN", 2), ("ROU", 2), ("SOM", 2),
        ("SYR", 1), ("ETH", 1), ("NGA", 1),
    ];

    internal static readonly (string Name, OrganisationType Type)[] FirstResponders =
    [
        ("Metropolitan Police Service", OrganisationType.Police), ("Kent Police", OrganisationType.Police),
        ("Barnardo's", OrganisationType.Ngo), ("The Salvation Army", OrganisationType.Ngo), ("Migrant Help", OrganisationType.Ngo),
        ("Refugee Council", OrganisationType.Ngo), ("Border Force", OrganisationType.GovernmentAgency),
        ("UK Visas and Immigration", OrganisationType.GovernmentAgency), ("National Crime Agency", OrganisationType.GovernmentAgency),
    ];

    /// <summary>Who the children are: names, dates of birth, genders, nationalities (see <see cref="EarlierHistoryDraws"/>).</summary>
    private readonly Random _random = new(seed);

    /// <summary>What happens to them, from a stream of its own.</summary>
    private readonly DemoHistory _history = new(new Random(unchecked((seed * 7919) + 104_729)), now);

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

        var details = new ChildDetails
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
        };
        var registered = At(firstReferral.AddDays(-_random.Next(0, 20)));
        EarlierHistoryDraws.Take(_random, _today, now, dob, firstReferral, nationality, gender, organisation);

        var child = Child.Register(reference, details with { ParentalResponsibilityInUk = _history.ParentalResponsibilityInUk(isUk, details.IsUasc) },
            organisation.Id, caseworkerId, registered);
        _history.AddReferrals(child, firstReferral, nationality, gender, organisation);
        var intoCare = _history.AddPlacements(child, firstReferral, nationality, organisation);
        _history.AddMissingEpisodes(child, intoCare);
        _history.AddSupport(child, firstReferral, isUk, organisation);
        return child;
    }

    /// <summary>A referral's exploitation types, as published for the nationality and gender (Home Office, 2023).</summary>
    internal static ExploitationTypes Exploitation(Random random, string nationality, Gender gender)
    {
        if (gender == Domain.Children.Gender.Female && random.Chance(0.36))
        {
            return ExploitationTypes.Sexual;
        }

        if (nationality == "GBR" && random.Chance(0.68))
        {
            return ExploitationTypes.Criminal;
        }

        if (nationality is "SDN" or "ERI" or "AFG" && random.Chance(0.6))
        {
            return ExploitationTypes.Labour;
        }

        var roll = random.NextDouble() * 100;
        return roll switch
        {
            < 36 => ExploitationTypes.Criminal,
            < 60 => ExploitationTypes.Labour,
            < 76 => random.PickOne<ExploitationTypes>([ExploitationTypes.Criminal | ExploitationTypes.Labour, ExploitationTypes.Criminal | ExploitationTypes.Sexual, ExploitationTypes.Labour | ExploitationTypes.DomesticServitude]),
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

    private bool Chance(double p) => _random.NextDouble() < p;

    private T PickOne<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Pick((string Code, double Weight)[] weights) => _random.Pick(weights);
}
