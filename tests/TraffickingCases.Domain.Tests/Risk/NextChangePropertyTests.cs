using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// Over many random histories, as a sweep would see them: between a child's judging and its next change the flags
/// stay exactly as they were, and at the next change they differ; with no next change, two years change nothing.
/// </summary>
public class NextChangePropertyTests
{
    private const int Children = 2000;
    private const int SamplesPerInterval = 20;

    /// <summary>How many next changes in a row each child is followed through, as successive sweeps would.</summary>
    private const int Sweeps = 3;

    private static readonly ExploitationTypes[] Types =
        [ExploitationTypes.Criminal, ExploitationTypes.Sexual, ExploitationTypes.Labour, ExploitationTypes.Criminal | ExploitationTypes.Sexual, ExploitationTypes.NotKnown];

    /// <summary>The random histories, made once for both properties (judging a child does not change it).</summary>
    private static readonly Lazy<IReadOnlyList<RuleContext>> Histories = new(() =>
    {
        var random = new Random(20250615);
        return [.. Enumerable.Range(0, Children).Select(_ => RandomContext(random))];
    });

    [Fact]
    public void A_childs_flags_change_with_time_alone_only_at_the_next_change()
    {
        var random = new Random(1);
        var intervals = 0;
        var changes = 0;
        for (var i = 0; i < Children; i++)
        {
            var context = Histories.Value[i];
            for (var sweep = 0; sweep < Sweeps; sweep++)
            {
                var next = RuleSet.NextChange(context);
                var flags = Signature(context);
                foreach (var at in Samples(random, context.Now, next, SamplesPerInterval))
                {
                    var later = Signature(context.At(at));
                    Assert.True(flags == later,
                        $"Child {i}, judged at {context.Now:O}, next change {next:O}: at {at:O} the flags were [{later}], not [{flags}]");
                }

                intervals++;
                if (next is not { } change)
                {
                    break;
                }

                Assert.True(change > context.Now);
                Assert.Equal(TimeSpan.Zero, change.Offset);
                Assert.NotEqual(flags, Signature(context.At(change)));
                changes++;
                context = context.At(change);
            }
        }

        // The histories must reach the interesting cases, or the property says little.
        Assert.True(changes > Children, $"only {changes} changes in {intervals} intervals");
        Assert.True(intervals - changes > Children / 4, $"only {intervals - changes} histories that never change");
    }

    /// <summary>
    /// Each rule on its own at its own next change, so that another rule changing at the same instant (RR-10 and
    /// RR-12 both at 18) cannot hide a rule that misses it: the same answer one tick before, a different one at it.
    /// </summary>
    [Fact]
    public void Each_rules_answer_changes_with_time_alone_only_at_its_next_change()
    {
        var random = new Random(2);
        var changes = RuleSet.All.ToDictionary(r => r.Code, _ => 0);
        for (var i = 0; i < Children; i++)
        {
            var context = Histories.Value[i];
            foreach (var rule in RuleSet.All)
            {
                var next = rule.NextChange(context);
                var answer = Answer(rule.Evaluate(context));
                foreach (var at in Samples(random, context.Now, next, next is null ? 3 : 1))
                {
                    var later = Answer(rule.Evaluate(context.At(at)));
                    Assert.True(answer == later,
                        $"Child {i}, {rule.Code} judged at {context.Now:O}, next change {next:O}: at {at:O} it was {later}, not {answer}");
                }

                if (next is { } change)
                {
                    Assert.NotEqual(answer, Answer(rule.Evaluate(context.At(change))));
                    changes[rule.Code]++;
                }
            }
        }

        Assert.All(changes.Where(c => c.Key is not ("RR-01" or "RR-02" or "RR-11")), c => Assert.True(c.Value >= 20, $"{c.Key}: only {c.Value} changes"));
    }

    /// <summary>The findings as the sweep compares them: code, severity and occurrence key; evidence wording aside.</summary>
    private static string Signature(RuleContext context) =>
        string.Join(" ", RuleSet.Evaluate(context).Select(f => $"{f.Code}/{f.Severity}/{f.OccurrenceKey}").Order(StringComparer.Ordinal));

    private static string Answer(Finding? finding) => finding is null ? "nothing" : $"{finding.Severity}/{finding.OccurrenceKey}";

    /// <summary>
    /// <paramref name="count"/> instants strictly between now and the next change — the last tick before it, the
    /// first after now, the rest at random — or across the next two years, ending with the last, when there is none.
    /// </summary>
    private static IEnumerable<DateTimeOffset> Samples(Random random, DateTimeOffset now, DateTimeOffset? next, int count)
    {
        var end = next ?? now.AddYears(2);
        var span = (end - now).Ticks;
        yield return next is null ? end : end.AddTicks(-1);
        for (var i = 1; i < count && span > 1; i++)
        {
            yield return i == 1 ? now.AddTicks(1) : now.AddTicks(random.NextInt64(1, span));
        }
    }

    /// <summary>
    /// A child judged at a random moment near bank holidays, birthdays (15, 16, 18, and 29 February) and the ends of
    /// its records' windows. Records are made through the aggregate; any it refuses (overlaps, dates out of order) are
    /// skipped. Some are recorded after the moment judged, so begin in its future.
    /// </summary>
    private static RuleContext RandomContext(Random random)
    {
        var now = RandomNow(random);
        var recordedAt = now + TimeSpan.FromHours(random.Next(0, 24 * 20));
        var today = UkCalendar.DateOf(now);
        var child = TestData.Register(TestData.ChildDetails() with
        {
            DateOfBirth = RandomDateOfBirth(random, today),
            DobPrecision = random.Next(3) == 0 ? DobPrecision.Disputed : DobPrecision.Exact,
        }, recordedAt);

        for (var n = random.Next(4); n > 0; n--)
        {
            Try(() => child.AddReferral(RandomReferral(random, today), recordedAt));
        }

        for (var n = random.Next(7); n > 0; n--)
        {
            Try(() => child.RecordMissingEpisode(RandomEpisode(random, now, recordedAt), recordedAt));
        }

        for (var n = random.Next(4); n > 0; n--)
        {
            var requested = today.AddDays(random.Next(-60, 10));
            DateOnly? started = random.Next(4) == 0 ? requested.AddDays(random.Next(0, 40)) : null;
            Try(() => child.RequestSupport(new SupportRequestDetails { Type = Pick(random, Enum.GetValues<SupportType>()), RequestedOn = requested, StartedOn = started }, recordedAt));
        }

        for (var n = random.Next(3); n > 0; n--)
        {
            var start = today.AddDays(random.Next(-400, 10));
            DateOnly? end = random.Next(2) == 0 ? start.AddDays(random.Next(0, 450)) : null;
            Try(() => child.AddPlacement(new PlacementDetails { Type = Pick(random, Enum.GetValues<PlacementType>()), StartDate = start, EndDate = end }, recordedAt));
        }

        var thresholds = random.Next(3) == 0 ? RandomThresholds(random) : new RuleThresholds();
        Assert.Empty(thresholds.Problems());
        return new RuleContext(child, random.Next(2) == 0, now, thresholds);
    }

    /// <summary>A moment between late 2024 and 2026, half of them within days of a bank holiday.</summary>
    private static DateTimeOffset RandomNow(Random random)
    {
        var from = new DateTimeOffset(2024, 11, 1, 0, 0, 0, TimeSpan.Zero);
        if (random.Next(2) == 0)
        {
            return from.AddTicks(random.NextInt64(TimeSpan.FromDays(550).Ticks));
        }

        var holidays = WorkingDays.BankHolidays(random.Next(2025, 2027)).ToList();
        var holiday = holidays[random.Next(holidays.Count)];
        return UkCalendar.StartOf(holiday).AddTicks(random.NextInt64(-TimeSpan.FromDays(12).Ticks, TimeSpan.FromDays(3).Ticks));
    }

    private static DateOnly? RandomDateOfBirth(Random random, DateOnly today) => random.Next(12) switch
    {
        0 => null,
        1 => new DateOnly(2008, 2, 29),
        _ => today.AddYears(-Pick(random, [14, 15, 15, 16, 17, 18])).AddDays(random.Next(-150, 150)),
    };

    private static ReferralDetails RandomReferral(Random random, DateOnly today)
    {
        var date = today.AddDays(random.Next(-400, 12));
        var types = Pick(random, Types);
        var referral = TestData.Referral(date, types) with
        {
            CountyLines = types.HasFlag(ExploitationTypes.Criminal) && random.Next(4) == 0,
            FutureExploitationConcern = random.Next(5) == 0,
        };
        switch (random.Next(6))
        {
            case 0 or 1 or 2:
                break;
            case 3:
                referral = referral with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = date.AddDays(random.Next(0, 30)) };
                break;
            default:
                var rg = date.AddDays(random.Next(0, 30));
                referral = referral with { RgOutcome = DecisionOutcome.Positive, RgDecisionDate = rg };
                if (random.Next(2) == 0)
                {
                    referral = referral with { CgOutcome = Pick(random, [DecisionOutcome.Positive, DecisionOutcome.Negative]), CgDecisionDate = rg.AddDays(random.Next(30, 120)) };
                }

                break;
        }

        return random.Next(6) == 0
            ? referral with { WithdrawnOn = date.AddDays(random.Next(0, 100)), WithdrawalReason = "Withdrawn" }
            : referral;
    }

    /// <summary>An episode of 1 to 120 hours, or one still open, with or without a return interview.</summary>
    private static MissingEpisodeDetails RandomEpisode(Random random, DateTimeOffset now, DateTimeOffset recordedAt)
    {
        var went = now.AddTicks(random.NextInt64(-TimeSpan.FromDays(200).Ticks, TimeSpan.FromDays(12).Ticks));
        DateTimeOffset? returned = random.Next(6) == 0 ? null : went.AddMinutes(random.Next(60, 120 * 60));
        if (returned > recordedAt)
        {
            returned = null;
        }

        var episode = TestData.Missing(went, returned);
        if (returned is not { } back)
        {
            return episode;
        }

        return random.Next(4) switch
        {
            0 => episode with { ReturnInterviewDeclined = true },
            1 => episode with { ReturnInterviewCompletedAt = Min(back.AddMinutes(random.Next(0, 72 * 60 * 2)), recordedAt) },
            _ => episode with { ReturnInterviewOfferedAt = random.Next(2) == 0 ? back : null },
        };
    }

    /// <summary>Small numbers, so that more windows begin and end within the samples.</summary>
    private static RuleThresholds RandomThresholds(Random random)
    {
        var medium = random.Next(1, 48);
        var shortCount = random.Next(1, 4);
        return new RuleThresholds
        {
            RepeatReferralHighWithinDays = random.Next(1, 400),
            MissingShortWindowDays = random.Next(1, 120),
            MissingShortWindowCount = shortCount,
            MissingShortWindowHighCount = shortCount + random.Next(0, 3),
            MissingLongWindowDays = random.Next(1, 400),
            MissingLongWindowCount = random.Next(1, 10),
            MissingNowMediumHours = medium,
            MissingNowHighHours = medium + random.Next(1, 72),
            ReturnInterviewDueHours = random.Next(1, 100),
            ReasonableGroundsDueWorkingDays = random.Next(1, 30),
            LegalSupportDueWorkingDays = random.Next(1, 30),
            MentalHealthSupportDueDays = random.Next(1, 40),
            SupportedAccommodationMinimumAge = random.Next(14, 19),
            IctgDueWorkingDays = random.Next(1, 30),
            TurningEighteenWithinDays = random.Next(1, 200),
            CriminalExploitationMinimumAge = random.Next(13, 18),
            CriminalExploitationRecentMissingDays = random.Next(1, 120),
        };
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static void Try(Action record)
    {
        try
        {
            record();
        }
        catch (DomainValidationException)
        {
            // The aggregate refused a random record that makes no sense (an overlap, a date before another); skip it.
        }
    }
}
