using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>
/// Before issue 12 the histories were drawn from the same stream as the children's names and dates of birth. They are now
/// drawn from a stream of their own (<see cref="DemoHistory"/>), but the identity stream still takes every draw the earlier
/// histories took, in the same order and under the same conditions, so a seed gives exactly the same people as before and the
/// matching benchmark's figures stay comparable. Nothing drawn here is kept. GeneratedIdentityTests holds the fingerprints.
/// </summary>
internal static class EarlierHistoryDraws
{
    public static void Take(Random random, DateOnly today, DateTimeOffset now, DateOnly dob, DateOnly firstReferral,
        string nationality, Gender gender, Organisation organisation)
    {
        var isUk = nationality == "GBR";
        Referral(random, today, firstReferral, nationality, gender);
        var repeats = random.Chance(0.18) ? (random.Chance(0.2) ? 2 : 1) : 0;
        var last = firstReferral;
        for (var i = 0; i < repeats; i++)
        {
            var next = last.AddDays(random.Next(60, 500));
            if (next >= today || UkCalendar.AgeOn(dob, next) >= 18)
            {
                break;
            }

            Referral(random, today, next, nationality, gender);
            last = next;
        }

        Placements(random, today, dob, firstReferral, isUk, nationality);
        if (random.Chance(0.34))
        {
            MissingEpisodes(random, now, firstReferral);
        }

        Support(random, today, firstReferral, isUk, organisation);
    }

    private static void Referral(Random random, DateOnly today, DateOnly date, string nationality, Gender gender)
    {
        var types = DemoPopulation.Exploitation(random, nationality, gender);
        if (!random.Chance(0.45))
        {
            random.Next(9); // a first responder from the list
        }

        var rgDate = date.AddDays(random.Next(2, random.Chance(0.5) ? 12 : 90));
        var rg = rgDate > today ? DecisionOutcome.Pending : random.Chance(0.74) ? DecisionOutcome.Positive : DecisionOutcome.Negative;
        var cgDate = rgDate.AddDays(random.Next(NrmReferral.MinimumDaysFromRgToCg, 700));
        if (rg == DecisionOutcome.Positive && cgDate <= today)
        {
            random.Chance(0.81);
        }

        if (!random.Chance(0.62))
        {
            random.Chance(0.76); // the place of exploitation
        }

        random.Chance(0.3); // the future-exploitation concern
        if (types.HasFlag(ExploitationTypes.Criminal) && nationality == "GBR")
        {
            random.Chance(0.6); // county lines
        }

        if (!(nationality != "GBR" && random.Chance(0.3)))
        {
            random.Chance(0.1); // the competent authority
        }

        random.Next(0, 480); // the time it was recorded
    }

    private static void Placements(Random random, DateOnly today, DateOnly dob, DateOnly from, bool isUk, string nationality)
    {
        var start = from.AddDays(-random.Next(0, 30));
        var count = random.Next(1, 4);
        for (var i = 0; i < count && start <= today; i++)
        {
            var age = UkCalendar.AgeOn(dob, start);
            if (isUk)
            {
                random.Next(5);
            }
            else if (!(nationality == "ALB" && random.Chance(0.15)))
            {
                random.Next(age >= 16 ? 4 : 2);
            }

            var end = start.AddDays(random.Next(30, 400));
            random.Next(0, 480);
            if (i == count - 1 || end >= today)
            {
                break;
            }

            start = end.AddDays(1);
        }
    }

    private static void MissingEpisodes(Random random, DateTimeOffset now, DateOnly from)
    {
        var episodes = Math.Min(1 + (int)Math.Floor(-Math.Log(1 - random.NextDouble()) * 3), 12);
        var hour = random.Next(14, 23);
        var start = UkCalendar.FromLondon(from.ToDateTime(new TimeOnly(hour, random.Next(0, 60))));
        for (var i = 0; i < episodes; i++)
        {
            var days = random.Next(3, 60);
            start = start.AddDays(days).AddHours(random.Next(-6, 6));
            if (start >= now.AddHours(-2))
            {
                break;
            }

            var hours = random.Chance(0.9) ? random.Next(2, 48) : random.Next(49, 24 * 10);
            var back = start.AddHours(hours).AddMinutes(random.Next(0, 60));
            var ongoing = back >= now || (i == episodes - 1 && start > now.AddDays(-30) && random.Chance(0.5));
            var reported = start.AddHours(random.Next(1, 6));
            var onTime = !ongoing && random.Chance(0.63);
            if (!onTime)
            {
                if (!ongoing && random.Chance(0.5))
                {
                    random.Next(73, 200); // a late interview
                }
                else if (!ongoing)
                {
                    random.Chance(0.3); // declined
                }
            }
            else
            {
                random.Next(4, 70);
            }

            random.Chance(0.2); // whereabouts known
            if (reported < now)
            {
                random.Next(10000, 99999); // the police reference
                random.Next(4); // the police risk grading
            }

            if (!ongoing)
            {
                random.Next(2, 24); // when the interview was offered
            }

            random.Chance(0.3); // concerns
            if (ongoing)
            {
                break;
            }

            start = back;
        }
    }

    private static void Support(Random random, DateOnly today, DateOnly from, bool isUk, Organisation organisation)
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
            if (requested > today)
            {
                continue;
            }

            random.Next(type == SupportType.Ictg ? 1 : 3, type == SupportType.Ictg ? 25 : 120); // the wait
            random.Next(0, 480);
        }
    }
}
