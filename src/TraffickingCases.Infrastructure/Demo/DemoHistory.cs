using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>
/// A generated child's history (docs/performance.md, "How realistic the generator's histories are"): referrals that mostly
/// keep the child's exploitation, cases withdrawn or suspended at 18, placements that end and move (hotels for weeks, and none
/// after ECPAT UK v Kent), missing episodes in spells at about 8 a year for a child who goes missing, most of them short, and
/// the support asked for. Drawn from a stream of its own, so a change here never changes who the children are.
/// </summary>
internal sealed partial class DemoHistory(Random random, DateTimeOffset now)
{
    /// <summary>The Home Office placed unaccompanied children in hotels from July 2021 (Home Office data to January 2023).</summary>
    public static readonly DateOnly HotelsFrom = new(2021, 7, 1);

    /// <summary>ECPAT UK v Kent County Council [2023] EWHC 1953 (Admin), 27 July 2023: no child is placed in a hotel from then on.</summary>
    public static readonly DateOnly HotelsUnlawfulFrom = new(2023, 7, 27);

    /// <summary>Supported accommodation for 16–17-year-olds must be Ofsted-registered from 28 October 2023.</summary>
    public static readonly DateOnly RegistrationRequiredFrom = new(2023, 10, 28);

    /// <summary>Unregulated placements for children under 16 banned from 9 September 2021.</summary>
    private static readonly DateOnly UnregulatedUnder16BannedFrom = new(2021, 9, 9);

    /// <summary>Share of children who ever go missing while in care and under 18 (tuned so 31–37% do so within a year; see the tests).</summary>
    private const double GoesMissing = 0.43;

    /// <summary>Spells of going missing a year for such a child, on average; each spell is a few episodes days apart.</summary>
    private const double SpellsPerYear = 3.5;

    /// <summary>Episodes in a spell, on average: 1 plus a geometric number.</summary>
    private const double EpisodesPerSpell = 3.5;

    private static readonly string[] OtherAreas =
    [
        "Birmingham", "Bristol", "Croydon", "Essex", "Hampshire", "Hillingdon", "Kent", "Lancashire", "Leeds", "Liverpool",
        "Manchester", "Norfolk", "Nottingham", "Sheffield", "Southampton", "Sunderland", "Wolverhampton",
    ];

    /// <summary>What a child said at a return interview, in general words: never a name or a place.</summary>
    private static readonly string[] Disclosures =
    [
        "Said they had stayed with older people met online; came back with a new phone.",
        "Described being driven to another town and asked to hold a bag; would not say by whom.",
        "Returned with cash and new clothes they could not explain.",
        "Said they owed money to someone and had to work it off.",
        "Said they had been at a flat with adults they did not know, and had not eaten.",
        "Said people from their home country had found them work and a place to sleep.",
    ];

    private readonly DateOnly _today = UkCalendar.DateOf(now);

    /// <summary>UK children mostly have a parent or a council holding responsibility in the UK; unaccompanied children mostly have no one.</summary>
    public bool? ParentalResponsibilityInUk(bool isUk, bool isUasc) =>
        random.Chance(0.06) ? null
        : isUasc ? random.Chance(0.06)
        : random.Chance(isUk ? 0.96 : 0.85);

    /// <summary>
    /// The child's referrals: the first on <paramref name="first"/>, about one in six children referred again 60–500 days later
    /// (a few twice), each later referral keeping the child's exploitation types four times in five.
    /// </summary>
    public void AddReferrals(Child child, DateOnly first, string nationality, Gender gender, Organisation organisation)
    {
        var dob = child.DateOfBirth!.Value;
        var types = DemoPopulation.Exploitation(random, nationality, gender);
        var dates = new List<DateOnly> { first };
        var repeats = random.Chance(0.18) ? (random.Chance(0.2) ? 2 : 1) : 0;
        for (var i = 0; i < repeats; i++)
        {
            var next = dates[^1].AddDays(random.Next(60, 500));
            if (next >= _today || UkCalendar.AgeOn(dob, next) >= 18)
            {
                break;
            }

            dates.Add(next);
        }

        for (var i = 0; i < dates.Count; i++)
        {
            AddReferral(child, dates[i], i == 0 ? types : LaterTypes(types, nationality, gender), nationality, organisation);
        }
    }

    private ExploitationTypes LaterTypes(ExploitationTypes types, string nationality, Gender gender)
    {
        var roll = random.NextDouble();
        if (roll < 0.8)
        {
            return types;
        }

        if (roll < 0.9 && types != ExploitationTypes.NotKnown)
        {
            // Something more came to light: criminal exploitation found alongside labour, sexual alongside criminal.
            var more = new[] { ExploitationTypes.Criminal, ExploitationTypes.Sexual, ExploitationTypes.Labour }.Where(t => !types.HasFlag(t)).ToList();
            return more.Count == 0 ? types : types | random.PickOne(more);
        }

        return DemoPopulation.Exploitation(random, nationality, gender);
    }

    private void AddReferral(Child child, DateOnly date, ExploitationTypes types, string nationality, Organisation organisation)
    {
        var (responder, responderType) = random.Chance(0.45) ? (organisation.Name, organisation.Type) : random.PickOne(DemoPopulation.FirstResponders);
        var rgDate = date.AddDays(random.Next(2, random.Chance(0.5) ? 12 : 90));
        var rg = rgDate > _today ? DecisionOutcome.Pending : random.Chance(0.74) ? DecisionOutcome.Positive : DecisionOutcome.Negative;
        var cgDate = rgDate.AddDays(random.Next(NrmReferral.MinimumDaysFromRgToCg, 700));
        var cg = rg == DecisionOutcome.Positive && cgDate <= _today
            ? (random.Chance(0.81) ? DecisionOutcome.Positive : DecisionOutcome.Negative)
            : DecisionOutcome.Pending;
        var location = random.Chance(0.62) ? ExploitationLocation.Uk : random.Chance(0.76) ? ExploitationLocation.Overseas : ExploitationLocation.UkAndOverseas;
        var concern = random.Chance(0.3);
        var countyLines = types.HasFlag(ExploitationTypes.Criminal) && nationality == "GBR" && random.Chance(0.6);
        var authority = nationality != "GBR" && random.Chance(0.3) ? CompetentAuthority.Ieca : random.Chance(0.1) ? CompetentAuthority.DevolvedPilot : CompetentAuthority.Sca;

        // Turning 18 with the case open: about 70% of young people's cases are withdrawn or suspended then (2022). Some are
        // referred on to adult support (the Modern Slavery Victim Care Contract), as are most who consent to stay.
        var eighteenth = UkCalendar.Birthday(child.DateOfBirth!.Value, 18);
        var decidedBefore18 = (rg == DecisionOutcome.Negative && rgDate < eighteenth) || (cg != DecisionOutcome.Pending && cgDate < eighteenth);
        DateOnly? withdrawn = null;
        var suspended = false;
        DateOnly? adultSupport = null;
        if (!decidedBefore18 && date < eighteenth && eighteenth <= _today)
        {
            if (random.Chance(0.7))
            {
                var on = Max(date, eighteenth.AddDays(random.Next(-30, 61)));
                if (on <= _today)
                {
                    withdrawn = on;
                    suspended = random.Chance(0.4);
                    adultSupport = random.Chance(0.4) ? on.AddDays(random.Next(0, 31)) : null;
                }
            }
            else
            {
                adultSupport = random.Chance(0.6) ? eighteenth.AddDays(random.Next(0, 61)) : null;
            }
        }

        if (adultSupport > _today)
        {
            adultSupport = null;
        }

        if (withdrawn is { } stop)
        {
            // No decision is made on a case after it is withdrawn or suspended.
            (rg, cg) = rgDate > stop ? (DecisionOutcome.Pending, DecisionOutcome.Pending) : (rg, cgDate > stop ? DecisionOutcome.Pending : cg);
        }

        var rgOn = rg == DecisionOutcome.Pending ? (DateOnly?)null : rgDate;
        var cgOn = cg == DecisionOutcome.Pending ? (DateOnly?)null : cgDate;
        child.AddReferral(new ReferralDetails
        {
            ReferralDate = date,
            FirstResponderOrganisation = responder,
            FirstResponderType = responderType,
            ExploitationTypes = types,
            CountyLines = countyLines,
            ExploitationLocation = nationality == "GBR" ? ExploitationLocation.Uk : location,
            FutureExploitationConcern = concern,
            FutureExploitationReasons = concern ? "Still in contact with the people who exploited them; debt bondage described." : null,
            CompetentAuthority = authority,
            RgOutcome = rg,
            RgDecisionDate = rgOn,
            CgOutcome = cg,
            CgDecisionDate = cgOn,
            WithdrawnOn = withdrawn,
            WithdrawalReason = withdrawn is null ? null
                : suspended ? "Suspended at 18 while the young person decides whether to stay in the NRM"
                : "The young person did not consent to stay in the NRM at 18",
            Suspended = suspended,
            AdultSupportReferredOn = adultSupport,
        }, At(Latest(date, rgOn, cgOn, withdrawn, adultSupport)));
    }

    /// <summary>
    /// Missing episodes while in care and under 18, for a child who goes missing: spells a few months apart, each a few episodes
    /// days apart; nine in ten episodes are over within 2 days; a few children are missing now.
    /// </summary>
    public void AddMissingEpisodes(Child child, DateOnly intoCare)
    {
        if (!random.Chance(GoesMissing))
        {
            return;
        }

        var until = Min(now, UkCalendar.StartOf(UkCalendar.Birthday(child.DateOfBirth!.Value, 18)));

        // Some children go missing far more often than others.
        var spellsPerYear = SpellsPerYear * (0.3 + (1.4 * random.NextDouble()));
        var at = UkCalendar.StartOf(intoCare).AddHours(random.Next(12, 24)) + random.Exponential(spellsPerYear);
        while (at < until)
        {
            var episodes = 1 + (int)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - (1 / EpisodesPerSpell)));
            for (var i = 0; i < episodes && at < until; i++)
            {
                var back = Episode(child, at);
                if (back is null)
                {
                    return;
                }

                at = back.Value.AddMinutes(random.Chance(0.7) ? random.Next(12 * 60, 7 * 24 * 60) : random.Next(7 * 24 * 60, 30 * 24 * 60));
            }

            at += random.Exponential(spellsPerYear);
        }
    }

    /// <summary>Records one episode from <paramref name="wentMissing"/>; the return, or null when the child is still missing.</summary>
    private DateTimeOffset? Episode(Child child, DateTimeOffset wentMissing)
    {
        var start = new DateTimeOffset(wentMissing.UtcTicks - (wentMissing.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var minutes = random.NextDouble() switch
        {
            < 0.55 => random.Next(60, 12 * 60),
            < 0.80 => random.Next(12 * 60, 24 * 60),
            < 0.90 => random.Next(24 * 60, 48 * 60),
            < 0.99 => random.Next(48 * 60, 10 * 24 * 60),
            _ => random.Next(10 * 24 * 60, 60 * 24 * 60),
        };
        var neverBack = random.Chance(0.001);
        var back = start.AddMinutes(minutes);
        var ongoing = neverBack || back >= now;
        var whereaboutsKnown = random.Chance(0.2);
        var reported = random.Chance(whereaboutsKnown ? 0.6 : 0.95) ? start.AddMinutes(random.Next(30, 4 * 60)) : (DateTimeOffset?)null;
        if (reported >= now)
        {
            reported = null;
        }

        // The return interview: offered within 72 hours; 63% done within them, some later, some declined (Missing People, 2023/24).
        DateTimeOffset? offered = null;
        DateTimeOffset? completed = null;
        var declined = false;
        string? concerns = null;
        if (!ongoing)
        {
            var outcome = random.NextDouble();
            var doneAfter = outcome < 0.63 ? random.Next(4 * 60, 72 * 60) : outcome < 0.80 ? random.Next(72 * 60, 10 * 24 * 60) : (int?)null;
            var offeredAfter = random.Chance(0.95) ? random.Next(60, Math.Min(doneAfter ?? 72 * 60, 72 * 60)) : random.Next(72 * 60, 7 * 24 * 60);
            if (doneAfter is { } done && offeredAfter > done)
            {
                offeredAfter = done;
            }

            offered = back.AddMinutes(offeredAfter) is var o && o < now ? o : null;
            completed = doneAfter is { } after && back.AddMinutes(after) < now ? back.AddMinutes(after) : null;
            declined = outcome is >= 0.80 and < 0.92 && offered is not null;
            concerns = completed is not null && random.Chance(0.12) ? random.PickOne(Disclosures) : null;
        }

        child.RecordMissingEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = start,
            ReturnedAt = ongoing ? null : back,
            WhereaboutsKnown = whereaboutsKnown,
            ReportedToPoliceAt = reported,
            PoliceReference = reported is null ? null : $"MP/{start.Year}/{random.Next(10000, 99999)}",
            PoliceRiskGrading = reported is null ? null
                : random.Pick<PoliceRiskGrading>([(PoliceRiskGrading.VeryLow, 5), (PoliceRiskGrading.Low, 30), (PoliceRiskGrading.Medium, 50), (PoliceRiskGrading.High, 15)]),
            ReturnInterviewOfferedAt = offered,
            ReturnInterviewCompletedAt = completed,
            ReturnInterviewDeclined = declined,
            Concerns = concerns,
        }, ongoing ? now : Min(now, Max(Max(back.AddHours(24), completed ?? back), offered ?? back)));
        return ongoing ? null : back;
    }

    /// <summary>Legal advice, mental health, a guardian (in an ICTG area) and education, requested soon after the first referral.</summary>
    public void AddSupport(Child child, DateOnly from, bool isUk, Organisation organisation)
    {
        var wanted = new List<SupportType>();
        if (!isUk)
        {
            wanted.Add(SupportType.ImmigrationLegalAdvice);
        }

        if (random.Chance(0.5))
        {
            wanted.Add(SupportType.LegalAdvice);
        }

        if (random.Chance(0.45))
        {
            wanted.Add(SupportType.MentalHealth);
        }

        if (organisation.IsInIctgArea && random.Chance(0.85))
        {
            wanted.Add(SupportType.Ictg);
        }

        if (random.Chance(0.3))
        {
            wanted.Add(SupportType.Education);
        }

        foreach (var type in wanted)
        {
            var requested = from.AddDays(random.Next(0, 30));
            if (requested > _today)
            {
                continue;
            }

            var started = requested.AddDays(type == SupportType.Ictg ? random.Next(1, 25) : random.Next(3, 120));
            child.RequestSupport(new SupportRequestDetails
            {
                Type = type,
                RequestedOn = requested,
                StartedOn = started <= _today ? started : null,
            }, At(Latest(requested, started <= _today ? started : null)));
        }
    }

    private DateTimeOffset At(DateOnly date)
    {
        var at = UkCalendar.FromLondon(date.ToDateTime(new TimeOnly(9, 0).AddMinutes(random.Next(0, 480))));
        return at > now ? now : at;
    }

    private static DateOnly Latest(DateOnly first, params DateOnly?[] others) => others.OfType<DateOnly>().Append(first).Max();

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
