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
        var exact = 0;
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
                changes++;
                if (flags != Signature(context.At(change)))
                {
                    exact++;
                }

                context = context.At(change);
            }
        }

        // The histories must reach the interesting cases, or the property says little. A next change may be early (a
        // weighting's birthday with nothing to weigh, RR-04 at 24 hours for a child already high), never late; most are exact.
        Assert.True(changes > Children, $"only {changes} changes in {intervals} intervals");
        Assert.True(exact > changes * 3 / 4, $"only {exact} of {changes} next changes changed the flags");
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
                    var then = Answer(rule.Evaluate(context.At(change)));
                    if (then == answer)
                    {
                        // RR-04 counts its 24 hours as a change, to see on time a child who was medium; one already high stays so.
                        Assert.True(rule.Code == "RR-04" && answer.StartsWith("High/", StringComparison.Ordinal),
                            $"Child {i}, {rule.Code} judged at {context.Now:O}: at its next change {change:O} it was still {answer}");
                    }
                    else
                    {
                        changes[rule.Code]++;
                    }
                }
            }
        }

        Assert.All(changes, c => Assert.True(c.Value >= 20, $"{c.Key}: only {c.Value} changes"));
    }

    /// <summary>
    /// Each weighting's effect on a fixed set of findings changes with time alone only at or after the weighting's next change:
    /// together with each rule's property, the rule set's next change is never later than a change in its findings.
    /// </summary>
    [Fact]
    public void Each_weightings_effect_changes_with_time_alone_only_at_its_next_change()
    {
        var random = new Random(3);
        var changes = RuleSet.Weightings.ToDictionary(w => w.Code, _ => 0);
        IReadOnlyList<Finding> probe =
        [
            new("RR-02", Severity.High, "RR-02", "e1") { Live = true }, new("RR-03", Severity.Medium, "RR-03", "e2") { Live = true },
            new("RR-04", Severity.Low, "RR-04", "e3") { Live = true }, new("RR-06", Severity.Low, "RR-06", "r1"),
        ];
        for (var i = 0; i < Children; i++)
        {
            var context = Histories.Value[i];
            foreach (var weighting in RuleSet.Weightings)
            {
                var next = weighting.NextChange(context);
                var effect = Effect(weighting.Apply(context, probe));
                foreach (var at in Samples(random, context.Now, next, next is null ? 3 : 1))
                {
                    var later = Effect(weighting.Apply(context.At(at), probe));
                    Assert.True(effect == later,
                        $"Child {i}, {weighting.Code} judged at {context.Now:O}, next change {next:O}: at {at:O} it was [{later}], not [{effect}]");
                }

                if (next is { } change && Effect(weighting.Apply(context.At(change), probe)) != effect)
                {
                    changes[weighting.Code]++;
                }
            }
        }

        Assert.All(changes, c => Assert.True(c.Value >= 20, $"{c.Key}: only {c.Value} changes"));
    }

    /// <summary>A weighting's effect: the severities, and which findings it added its note to (RR-11 shows only there); the wording aside.</summary>
    private static string Effect(IReadOnlyList<Finding> findings) =>
        string.Join(" | ", findings.Select(f => $"{f.Code}/{f.Severity}{(f.Evidence == f.Code ? string.Empty : "/noted")}"));

    /// <summary>
    /// The findings as the sweep compares them: code, severity and occurrence key; evidence wording aside, but for RR-04's
    /// strategy discussion, which its next change counts so a manager sees it on time.
    /// </summary>
    private static string Signature(RuleContext context) =>
        string.Join(" ", RuleSet.Evaluate(context).Select(Answer).Order(StringComparer.Ordinal));

    private static string Answer(Finding? finding) => finding is null
        ? "nothing"
        : $"{finding.Severity}/{finding.Code}/{finding.OccurrenceKey}{(finding.Evidence.Contains("strategy discussion is due", StringComparison.Ordinal) ? "/strategy" : string.Empty)}";

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
    /// its records' windows, with every field a rule reads: police reports and gradings, whereabouts, concerns, declined
    /// interviews, suspensions, adult-support referrals, placement areas and registration, parental responsibility, and
    /// events on linked records. Records are made through the aggregate; any it refuses (overlaps, dates out of order) are
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
            ParentalResponsibilityInUk = Pick<bool?>(random, [null, true, false]),
        }, recordedAt);

        for (var n = random.Next(4); n > 0; n--)
        {
            Try(() => child.AddReferral(RandomReferral(random, today), recordedAt));
        }

        if (child.DateOfBirth is { } dob && random.Next(3) == 0)
        {
            Try(() => child.AddReferral(ReferralEndingNearEighteen(random, dob), recordedAt));
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

        for (var n = random.Next(5); n > 0; n--)
        {
            Try(() => child.AddPlacement(RandomPlacement(random, today), recordedAt));
        }

        // Issue 14: supervision review dates (RR-20) and records entered in error, drawn apart so the draws above stay as they were.
        var extra = new Random((int)(recordedAt.Ticks % int.MaxValue));
        if (extra.Next(2) == 0)
        {
            var supervisedAt = now - TimeSpan.FromDays(extra.Next(0, 60));
            child.RecordSupervision("Reviewed", UkCalendar.DateOf(supervisedAt).AddDays(extra.Next(1, Child.MaxSupervisionReviewDays + 1)), "m", "M", supervisedAt);
        }

        foreach (var episode in child.MissingEpisodes.Where(_ => extra.Next(5) == 0).ToList())
        {
            child.MarkEnteredInError(HistoryRecordKind.MissingEpisode, episode.Id, "Recorded twice", "u", "U", recordedAt);
        }

        foreach (var referral in child.Referrals.Where(_ => extra.Next(5) == 0).ToList())
        {
            child.MarkEnteredInError(HistoryRecordKind.Referral, referral.Id, "Another child's", "u", "U", recordedAt);
        }

        var thresholds = random.Next(3) == 0 ? RandomThresholds(random) : new RuleThresholds();
        Assert.Empty(thresholds.Problems());
        return new RuleContext(child, random.Next(2) == 0, now, thresholds) { LinkedEvents = RandomLinkedEvents(random, now) };
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

        if (random.Next(3) == 0)
        {
            referral = referral with { AdultSupportReferredOn = date.AddDays(random.Next(0, 200)) };
        }

        return random.Next(4) == 0
            ? referral with { WithdrawnOn = date.AddDays(random.Next(0, 100)), WithdrawalReason = "Withdrawn", Suspended = random.Next(2) == 0 }
            : referral;
    }

    /// <summary>A referral made at 17 and withdrawn or suspended within 100 days of the 18th birthday, sometimes with a referral to adult support.</summary>
    private static ReferralDetails ReferralEndingNearEighteen(Random random, DateOnly dateOfBirth)
    {
        var eighteen = UkCalendar.Birthday(dateOfBirth, 18);
        var ended = eighteen.AddDays(random.Next(-110, 100));
        var referral = TestData.Referral(eighteen.AddDays(-random.Next(120, 300))) with
        {
            WithdrawnOn = ended, WithdrawalReason = "Did not consent to stay in the NRM", Suspended = random.Next(2) == 0,
        };
        return random.Next(3) == 0 ? referral with { AdultSupportReferredOn = ended.AddDays(random.Next(0, 60)) } : referral;
    }

    /// <summary>An episode of 1 to 120 hours, or one still open, reported to police or not, with or without a return interview and concerns.</summary>
    private static MissingEpisodeDetails RandomEpisode(Random random, DateTimeOffset now, DateTimeOffset recordedAt)
    {
        var went = now.AddTicks(random.NextInt64(-TimeSpan.FromDays(200).Ticks, TimeSpan.FromDays(12).Ticks));
        DateTimeOffset? returned = random.Next(6) == 0 ? null : went.AddMinutes(random.Next(60, 120 * 60));
        if (returned > recordedAt)
        {
            returned = null;
        }

        var episode = TestData.Missing(went, returned) with
        {
            WhereaboutsKnown = random.Next(2) == 0,
            Concerns = random.Next(5) == 0 ? "Disclosed being driven to another city by older men" : null,
        };
        if (random.Next(3) != 0)
        {
            episode = episode with
            {
                ReportedToPoliceAt = Min(went.AddMinutes(random.Next(0, 240)), recordedAt),
                PoliceRiskGrading = random.Next(5) == 0 ? null : Pick(random, Enum.GetValues<PoliceRiskGrading>()),
            };
        }

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

    /// <summary>A placement of any type that started in the last 400 days or starts soon, ended or not, in area or out of it.</summary>
    private static PlacementDetails RandomPlacement(Random random, DateOnly today)
    {
        var type = Pick(random, Enum.GetValues<PlacementType>());
        var start = today.AddDays(random.Next(-400, 10));
        return new PlacementDetails
        {
            Type = type,
            StartDate = start,
            EndDate = random.Next(2) == 0 ? start.AddDays(random.Next(0, 450)) : null,
            OutOfArea = Pick<bool?>(random, [null, false, true]),
            Area = random.Next(2) == 0 ? "Kent" : null,
            OfstedRegistered = type == PlacementType.SupportedAccommodation ? Pick<bool?>(random, [null, false, true]) : null,
        };
    }

    /// <summary>None, or a few episodes and referrals on linked records around now, some still going on, some ahead.</summary>
    private static IReadOnlyList<LinkedEvent> RandomLinkedEvents(Random random, DateTimeOffset now) =>
        [.. Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 4) : 0).Select(_ => new LinkedEvent(
            Guid.NewGuid(),
            Pick(random, [LinkedEventKind.WentMissing, LinkedEventKind.Referred]),
            "Kent County Council",
            "KCC-4471",
            now.AddTicks(random.NextInt64(-TimeSpan.FromDays(45).Ticks, TimeSpan.FromDays(5).Ticks)),
            random.Next(3) == 0))];

    /// <summary>Small numbers, so that more windows begin and end within the samples; always a valid configuration.</summary>
    private static RuleThresholds RandomThresholds(Random random)
    {
        var high = random.Next(1, 48);
        var shortCount = random.Next(1, 4);
        var dueHours = random.Next(1, 100);
        return new RuleThresholds
        {
            RepeatReferralHighWithinDays = random.Next(1, 400),
            MissingDuringOpenCaseRecentDays = random.Next(1, 120),
            MissingShortWindowDays = random.Next(1, 120),
            MissingShortWindowCount = shortCount,
            MissingShortWindowHighCount = shortCount + random.Next(0, 3),
            MissingNowHighHours = high,
            MissingStrategyDiscussionHours = high + random.Next(1, 72),
            ReturnInterviewDueHours = dueHours,
            ReturnInterviewOutstandingDays = (dueHours / 24) + random.Next(1, 20),
            ReasonableGroundsDueWorkingDays = random.Next(1, 30),
            ReasonableGroundsEscalateWorkingDays = random.Next(1, 30),
            LegalSupportDueWorkingDays = random.Next(1, 30),
            MentalHealthSupportDueDays = random.Next(1, 40),
            IctgReferralDueWorkingDays = random.Next(1, 15),
            IctgDueWorkingDays = random.Next(1, 30),
            TurningEighteenWithinDays = random.Next(1, 200),
            CriminalExploitationMinimumAge = random.Next(13, 18),
            MissingAgainWithinDays = random.Next(1, 20),
            MissingAgainFlagDays = random.Next(1, 60),
            RecentEventDays = random.Next(1, 200),
            PlacementMovesCount = random.Next(1, 5),
            PlacementMovesWindowDays = random.Next(1, 400),
            OutOfAreaRecentDays = random.Next(1, 60),
            AtEighteenFollowUpDays = random.Next(1, 150),
            LinkedMissingDays = random.Next(1, 20),
            LinkedReferralDays = random.Next(1, 60),
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
