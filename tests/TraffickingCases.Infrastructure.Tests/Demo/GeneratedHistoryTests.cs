using System.Text;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Import;

namespace TraffickingCases.Infrastructure.Tests.Demo;

/// <summary>20,000 children of seed 7 as of 1 December 2026, generated once for the tests of how realistic their histories are.</summary>
public sealed class GeneratedPopulation
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<Organisation> Organisations =
    [
        new Organisation("NSC", "North Shire Council", OrganisationType.LocalAuthority, isInIctgArea: true),
        new Organisation("EBC", "East Borough Council", OrganisationType.LocalAuthority, isInIctgArea: false),
    ];

    public IReadOnlyList<Child> Children { get; } = Generate(7, Now, 20_000);

    public DateOnly Today => UkCalendar.DateOf(Now);

    public static IReadOnlyList<Child> Generate(int seed, DateTimeOffset now, int count)
    {
        var population = new DemoPopulation(seed, now);
        return Enumerable.Range(0, count).Select(i => population.NextChild("TC-TEST", Organisations[i % 2], null)).ToList();
    }

    /// <summary>
    /// For each child in care and under 18 on some day of the year before <paramref name="end"/>, the episodes they began in that
    /// year: what ECPAT UK's "one in three went missing, about 8 episodes each" is counted on.
    /// </summary>
    public IReadOnlyList<int> EpisodesInYearTo(DateTimeOffset end)
    {
        var from = end.AddDays(-365);
        var (first, last) = (UkCalendar.DateOf(from), UkCalendar.DateOf(end).AddDays(-1));
        return Children
            .Where(c => c.Placements.Any(p => p.StartDate <= last && (p.EndDate ?? last) >= first
                && UkCalendar.AgeOn(c.DateOfBirth!.Value, p.StartDate > first ? p.StartDate : first) < 18))
            .Select(c => c.MissingEpisodes.Count(e => e.WentMissingAt >= from && e.WentMissingAt < end))
            .ToList();
    }
}

public sealed class GeneratedHistoryTests(GeneratedPopulation population) : IClassFixture<GeneratedPopulation>
{
    public static readonly TheoryData<int> YearsBack = new() { 0, 1 };

    [Theory]
    [MemberData(nameof(YearsBack))]
    public void About_a_third_of_children_in_care_go_missing_in_a_year(int yearsBack)
    {
        var year = population.EpisodesInYearTo(GeneratedPopulation.Now.AddDays(-365 * yearsBack));

        var share = (double)year.Count(n => n > 0) / year.Count;

        Assert.InRange(share, 0.31, 0.37);
    }

    [Theory]
    [MemberData(nameof(YearsBack))]
    public void A_child_who_goes_missing_does_so_about_eight_times_a_year(int yearsBack)
    {
        var missing = population.EpisodesInYearTo(GeneratedPopulation.Now.AddDays(-365 * yearsBack)).Where(n => n > 0).ToList();

        Assert.InRange(missing.Average(), 6.5, 9.5);
        Assert.True(missing.Count(n => n == 1) > missing.Count / 20, "some children go missing only once in a year");
    }

    [Fact]
    public void Nine_in_ten_episodes_are_over_within_two_days()
    {
        var returned = population.Children.SelectMany(c => c.MissingEpisodes).Where(e => e.ReturnedAt is not null).ToList();

        var share = (double)returned.Count(e => e.ReturnedAt - e.WentMissingAt <= TimeSpan.FromHours(48)) / returned.Count;

        Assert.InRange(share, 0.87, 0.93);
    }

    [Fact]
    public void Episodes_come_in_spells_rather_than_spread_evenly()
    {
        var gaps = population.Children
            .Select(c => c.MissingEpisodes.OrderBy(e => e.WentMissingAt).ToList())
            .SelectMany(episodes => episodes.Zip(episodes.Skip(1), (before, after) => (after.WentMissingAt - before.ReturnedAt!.Value).TotalDays))
            .ToList();

        // Spread evenly at the same rate, the share of next episodes within a week of the return would be 1 - e^(-7/mean gap).
        var even = 1 - Math.Exp(-7 / gaps.Average());
        var withinAWeek = (double)gaps.Count(g => g <= 7) / gaps.Count;

        Assert.True(withinAWeek > 2 * even, $"{withinAWeek:P0} of next episodes within a week of the return; spread evenly {even:P0}");
    }

    [Fact]
    public void Children_go_missing_only_while_in_care_and_under_18()
    {
        foreach (var child in population.Children.Where(c => c.MissingEpisodes.Count > 0))
        {
            var intoCare = child.Placements.Min(p => p.StartDate);
            var eighteenth = UkCalendar.Birthday(child.DateOfBirth!.Value, 18);
            Assert.All(child.MissingEpisodes, e => Assert.InRange(UkCalendar.DateOf(e.WentMissingAt), intoCare, eighteenth.AddDays(-1)));
        }
    }

    [Fact]
    public void A_minority_of_return_interviews_are_declined_or_record_concerns()
    {
        var returned = population.Children.SelectMany(c => c.MissingEpisodes).Where(e => e.ReturnedAt is not null).ToList();
        var completed = returned.Where(e => e.ReturnInterviewCompletedAt is not null).ToList();

        Assert.InRange((double)returned.Count(e => e.ReturnInterviewDeclined) / returned.Count, 0.05, 0.2);
        Assert.InRange((double)completed.Count(e => e.Concerns is not null) / completed.Count, 0.05, 0.2);
        Assert.DoesNotContain(returned, e => e.Concerns is not null && e.ReturnInterviewCompletedAt is null);
    }

    [Fact]
    public void Later_referrals_mostly_keep_the_childs_exploitation_types()
    {
        var later = population.Children.Where(c => c.Referrals.Count > 1)
            .SelectMany(c => c.Referrals.OrderBy(r => r.ReferralDate).Skip(1).Select(r => r.ExploitationTypes == c.Referrals.OrderBy(r => r.ReferralDate).First().ExploitationTypes))
            .ToList();

        var kept = (double)later.Count(same => same) / later.Count;

        Assert.True(later.Count > 1000, $"only {later.Count} later referrals");
        Assert.InRange(kept, 0.75, 0.92);
    }

    [Fact]
    public void Placements_end_and_children_move_on_leaving_care_at_18_mostly()
    {
        var adults = population.Children.Where(c => c.AgeOn(population.Today) >= 18).ToList();
        var inCareUnder18 = population.Children.Where(c => c.AgeOn(population.Today) < 18).ToList();
        var placements = population.Children.SelectMany(c => c.Placements).ToList();

        Assert.InRange((double)adults.Count(c => c.Placements.Any(p => p.EndDate is null)) / adults.Count, 0.05, 0.25);
        Assert.All(inCareUnder18, c => Assert.Single(c.Placements, p => p.EndDate is null));
        Assert.InRange((double)placements.Count / population.Children.Count, 1.5, 4);
        Assert.InRange((double)inCareUnder18.Count(c => c.Placements.Count(p => p.StartDate > population.Today.AddDays(-365)) >= 3) / inCareUnder18.Count, 0.03, 0.2);
    }

    [Fact]
    public void Hotel_placements_last_weeks_and_none_starts_after_ECPAT_UK_v_Kent()
    {
        // As of mid-2024 the referrals reach back to 2021, when the Home Office was placing children in hotels.
        var children = GeneratedPopulation.Generate(11, new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), 10_000);
        var hotels = children.SelectMany(c => c.Placements).Where(p => p.Type == PlacementType.HomeOfficeHotel).ToList();

        Assert.True(hotels.Count > 20, $"only {hotels.Count} hotel placements");
        Assert.All(hotels, h =>
        {
            Assert.InRange(h.StartDate, new DateOnly(2021, 7, 1), new DateOnly(2023, 7, 26));
            Assert.NotNull(h.EndDate);
            Assert.InRange(h.EndDate!.Value.DayNumber - h.StartDate.DayNumber, 0, 42);
        });
        Assert.All(children.Where(c => c.Placements.Any(p => p.Type == PlacementType.HomeOfficeHotel)), c => Assert.True(c.IsUasc));
    }

    [Fact]
    public void Supported_accommodation_is_for_16_and_17_year_olds_and_mostly_registered_since_October_2023()
    {
        var supported = population.Children
            .SelectMany(c => c.Placements.Where(p => p.Type == PlacementType.SupportedAccommodation).Select(p => (Child: c, Placement: p)))
            .ToList();
        var since = supported.Where(s => s.Placement.StartDate >= new DateOnly(2023, 10, 28)).ToList();

        Assert.All(supported, s => Assert.True(s.Child.AgeOn(s.Placement.StartDate) >= 16));
        Assert.InRange((double)since.Count(s => s.Placement.OfstedRegistered == true) / since.Count, 0.85, 0.97);
        Assert.Contains(since, s => s.Placement.OfstedRegistered == false);
        Assert.DoesNotContain(population.Children.SelectMany(c => c.Placements), p => p.OfstedRegistered is not null && p.Type != PlacementType.SupportedAccommodation);
    }

    [Fact]
    public void Some_placements_are_out_of_area_and_name_it()
    {
        var placements = population.Children.SelectMany(c => c.Placements).ToList();

        Assert.InRange((double)placements.Count(p => p.OutOfArea == true) / placements.Count, 0.1, 0.3);
        Assert.All(placements.Where(p => p.OutOfArea is not null), p => Assert.NotNull(p.Area));
    }

    [Fact]
    public void Uk_children_mostly_have_someone_with_parental_responsibility_and_unaccompanied_children_mostly_do_not()
    {
        var uk = population.Children.Where(c => c.Nationalities.SequenceEqual(["GBR"])).ToList();
        var unaccompanied = population.Children.Where(c => c.IsUasc).ToList();

        Assert.InRange((double)uk.Count(c => c.ParentalResponsibilityInUk == true) / uk.Count, 0.85, 0.98);
        Assert.InRange((double)unaccompanied.Count(c => c.ParentalResponsibilityInUk == false) / unaccompanied.Count, 0.8, 0.95);
    }

    [Fact]
    public void Most_cases_open_at_18_are_withdrawn_or_suspended_and_some_are_referred_to_adult_support()
    {
        var atEighteen = population.Children
            .Select(c => (Child: c, Eighteenth: UkCalendar.Birthday(c.DateOfBirth!.Value, 18)))
            .Where(x => x.Eighteenth <= population.Today.AddDays(-60))
            .SelectMany(x => x.Child.Referrals.Where(r => r.ReferralDate < x.Eighteenth
                && !(r.RgOutcome == DecisionOutcome.Negative && r.RgDecisionDate < x.Eighteenth)
                && !(r.CgOutcome != DecisionOutcome.Pending && r.CgDecisionDate < x.Eighteenth)))
            .ToList();
        var ended = atEighteen.Where(r => r.WithdrawnOn is not null).ToList();

        Assert.InRange((double)ended.Count / atEighteen.Count, 0.6, 0.8);
        Assert.InRange((double)ended.Count(r => r.Suspended) / ended.Count, 0.25, 0.55);
        Assert.InRange((double)ended.Count(r => r.AdultSupportReferredOn is not null) / ended.Count, 0.25, 0.55);
        Assert.All(ended, r => Assert.NotNull(r.WithdrawalReason));
    }

    [Fact]
    public void The_same_seed_and_moment_write_the_same_files_with_every_optional_column()
    {
        var first = Directory.CreateTempSubdirectory("tc-generate-").FullName;
        var second = Directory.CreateTempSubdirectory("tc-generate-").FullName;
        try
        {
            PopulationWriter.Write(first, 500, 3, GeneratedPopulation.Organisations, GeneratedPopulation.Now, 0.05);
            PopulationWriter.Write(second, 500, 3, GeneratedPopulation.Organisations, GeneratedPopulation.Now, 0.05);

            foreach (var (kind, file) in PopulationWriter.FileNames)
            {
                var text = File.ReadAllText(Path.Combine(first, file), Encoding.UTF8);
                Assert.Equal(text, File.ReadAllText(Path.Combine(second, file), Encoding.UTF8));
                Assert.StartsWith(string.Join(',', ImportFormats.Columns[kind].Concat(ImportFormats.OptionalColumns[kind])) + "\r\n", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(first, recursive: true);
            Directory.Delete(second, recursive: true);
        }
    }
}
