using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests;

/// <summary>The child's own record: what is kept as entered, what is refused, and who changed the risk level.</summary>
public class ChildRecordTests
{
    private static readonly DateTimeOffset Later = TestData.Now.AddHours(1);

    private readonly Child _child = TestData.Child();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_child_cannot_be_registered_without_a_reference(string reference)
    {
        Assert.ThrowsAny<ArgumentException>(
            () => Child.Register(reference, TestData.ChildDetails(), TestData.OrganisationId, null, TestData.Now));
    }

    [Fact]
    public void A_childs_details_read_back_as_they_were_recorded()
    {
        var details = TestData.ChildDetails() with
        {
            ExternalId = "LCS-4471",
            OtherNames = ["Mo"],
            DobPrecision = DobPrecision.Estimated,
            Nationalities = ["SDN", "SSD"],
            InterpreterNeeded = true,
            IsUasc = true,
        };

        var readBack = TestData.Register(details).ToDetails();

        Assert.Equal("LCS-4471", readBack.ExternalId);
        Assert.Equal("Amir", readBack.GivenNames);
        Assert.Equal("Haddad", readBack.FamilyName);
        Assert.Equal(["Mo"], readBack.OtherNames);
        Assert.Equal(TestData.DefaultDateOfBirth, readBack.DateOfBirth);
        Assert.Equal(DobPrecision.Estimated, readBack.DobPrecision);
        Assert.Equal(Gender.Male, readBack.Gender);
        Assert.Equal(["SDN", "SSD"], readBack.Nationalities);
        Assert.Equal("Arabic", readBack.FirstLanguage);
        Assert.True(readBack.InterpreterNeeded);
        Assert.True(readBack.IsUasc);
    }

    [Fact]
    public void External_id_and_first_language_are_trimmed_and_blank_ones_are_not_recorded()
    {
        var child = TestData.Register(TestData.ChildDetails() with { ExternalId = "  LCS-4471 ", FirstLanguage = " Tigrinya  " });
        var blank = TestData.Register(TestData.ChildDetails() with { ExternalId = "   ", FirstLanguage = " " });

        Assert.Equal(("LCS-4471", "Tigrinya"), (child.ExternalId, child.FirstLanguage));
        Assert.Equal((null, null), (blank.ExternalId, blank.FirstLanguage));
    }

    [Fact]
    public void An_external_id_of_100_characters_is_accepted_and_one_of_101_is_refused()
    {
        Assert.Equal(100, TestData.Register(TestData.ChildDetails() with { ExternalId = new string('7', 100) }).ExternalId!.Length);

        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { ExternalId = new string('7', 101) }),
            nameof(ChildDetails.ExternalId), "External id must be 100 characters or fewer");
    }

    [Fact]
    public void A_first_language_of_101_characters_is_refused()
    {
        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { FirstLanguage = new string('a', 101) }),
            nameof(ChildDetails.FirstLanguage), "First language must be 100 characters or fewer");
    }

    [Fact]
    public void Given_names_and_family_name_of_200_characters_are_accepted_and_201_are_refused()
    {
        var longest = new string('a', Child.MaxNameLength);
        Assert.Equal(longest, TestData.Register(TestData.ChildDetails() with { GivenNames = longest }).GivenNames);

        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { GivenNames = longest + "a" }),
            nameof(ChildDetails.GivenNames), "Given names must be 200 characters or fewer");
        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { FamilyName = longest + "a" }),
            nameof(ChildDetails.FamilyName), "Family name must be 200 characters or fewer");
    }

    [Fact]
    public void An_other_name_of_200_characters_is_accepted_and_one_of_201_is_refused()
    {
        var longest = new string('a', Child.MaxNameLength);
        Assert.Equal([longest], TestData.Register(TestData.ChildDetails() with { OtherNames = [longest] }).OtherNames);

        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { OtherNames = ["Mo", longest + "a"] }),
            nameof(ChildDetails.OtherNames), "Each other name or alias must be 200 characters or fewer");
    }

    [Fact]
    public void Fifty_other_names_are_accepted_and_fifty_one_are_refused()
    {
        string[] Names(int count) => [.. Enumerable.Range(1, count).Select(i => $"Alias {i}")];

        Assert.Equal(50, TestData.Register(TestData.ChildDetails() with { OtherNames = Names(50) }).OtherNames.Count);

        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { OtherNames = Names(51) }),
            nameof(ChildDetails.OtherNames), "Record 50 other names or fewer");
    }

    [Fact]
    public void A_date_of_birth_exactly_30_years_ago_is_accepted_and_a_day_earlier_is_refused()
    {
        var thirtyYearsAgo = TestData.Today.AddYears(-30);
        Assert.Equal(thirtyYearsAgo, TestData.Child(dob: thirtyYearsAgo).DateOfBirth);

        Refusal.Expect(
            () => TestData.Child(dob: thirtyYearsAgo.AddDays(-1)),
            nameof(ChildDetails.DateOfBirth), "Date of birth must be within the last 30 years");
    }

    [Fact]
    public void A_date_of_birth_precision_or_gender_outside_the_lists_is_refused()
    {
        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { DobPrecision = (DobPrecision)99 }),
            nameof(ChildDetails.DobPrecision), "Choose how sure the date of birth is");
        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { Gender = (Gender)99 }),
            nameof(ChildDetails.Gender), "Choose the child's gender");
    }

    [Fact]
    public void Every_nationality_that_is_not_a_code_is_named_and_missing_entries_are_ignored()
    {
        var refused = Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { Nationalities = ["XYZ", null!, "GBR", "QQQ"] }),
            nameof(ChildDetails.Nationalities), "(not XYZ, QQQ)");

        Assert.Single(refused.Errors);
        Assert.Equal(["GBR"], TestData.Register(TestData.ChildDetails() with { Nationalities = [null!, "GBR"] }).Nationalities);
    }

    [Fact]
    public void Other_names_split_by_tabs_or_line_breaks_are_kept_with_single_spaces()
    {
        var child = TestData.Register(TestData.ChildDetails() with { OtherNames = ["Muhammad\tAli\r\nKhan"] });

        Assert.Equal(["Muhammad Ali Khan"], child.OtherNames);
    }

    [Fact]
    public void A_refused_change_of_details_leaves_the_record_as_it_was()
    {
        Assert.Throws<DomainValidationException>(
            () => _child.UpdateDetails(TestData.ChildDetails() with { GivenNames = "Ameer", Gender = (Gender)99 }, Later));

        Assert.Equal("Amir", _child.GivenNames);
        Assert.Equal(TestData.Now, _child.LastActivityAt);
    }

    [Fact]
    public void The_date_of_birth_may_be_the_day_of_the_earliest_placement_and_a_later_one_names_that_day()
    {
        _child.AddPlacement(TestData.Placement(TestData.Date("2015-01-10"), TestData.Date("2016-01-10")), TestData.Now);
        _child.AddPlacement(TestData.Placement(TestData.Date("2018-05-01")), TestData.Now);

        _child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2015-01-10")), Later);
        Assert.Equal(TestData.Date("2015-01-10"), _child.DateOfBirth);

        Refusal.Expect(
            () => _child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2015-01-11")), Later),
            nameof(ChildDetails.DateOfBirth), "earliest placement, missing episode or support request (10 January 2015)");
    }

    [Fact]
    public void A_date_of_birth_after_the_earliest_support_request_is_refused_naming_its_date()
    {
        _child.RequestSupport(TestData.Support(TestData.Date("2016-02-01")), TestData.Now);
        _child.RequestSupport(TestData.Support(TestData.Date("2020-02-01")), TestData.Now);

        Refusal.Expect(
            () => _child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2017-01-01")), Later),
            nameof(ChildDetails.DateOfBirth), "(1 February 2016)");
    }

    [Fact]
    public void A_date_of_birth_after_a_referral_is_refused_naming_the_referral_date()
    {
        _child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        Refusal.Expect(
            () => _child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2025-03-04")), Later),
            nameof(ChildDetails.DateOfBirth), "on or before the referral of 3 March 2025");
        Refusal.Expect(
            () => _child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2007-03-03")), Later),
            nameof(ChildDetails.DateOfBirth), "18 or over at the referral of 3 March 2025");
    }

    [Fact]
    public void Assigning_a_blank_caseworker_leaves_the_child_unassigned()
    {
        _child.AssignCaseworker("caseworker-2", Later);
        Assert.Equal("caseworker-2", _child.AssignedCaseworkerId);

        _child.AssignCaseworker("  ", Later);
        Assert.Null(_child.AssignedCaseworkerId);
    }

    [Fact]
    public void Changing_a_placement_or_support_request_moves_last_activity_forward()
    {
        var placement = _child.AddPlacement(TestData.Placement(TestData.Date("2025-01-10")), TestData.Now);
        var support = _child.RequestSupport(TestData.Support(TestData.Date("2025-06-01")), TestData.Now);

        _child.UpdatePlacement(placement.Id, placement.ToDetails() with { EndDate = TestData.Date("2025-05-31") }, Later);
        Assert.Equal(Later, _child.LastActivityAt);

        _child.UpdateSupportRequest(support.Id, support.ToDetails() with { StartedOn = TestData.Today }, Later.AddMinutes(1));
        Assert.Equal(Later.AddMinutes(1), _child.LastActivityAt);
        Assert.Equal(TestData.Today, support.StartedOn);
    }

    [Fact]
    public void Changing_a_record_that_is_not_on_this_child_is_refused_naming_it()
    {
        var elsewhere = TestData.Child().AddPlacement(TestData.Placement(TestData.Date("2025-01-10")), TestData.Now);

        var refused = Assert.Throws<KeyNotFoundException>(
            () => _child.UpdatePlacement(elsewhere.Id, elsewhere.ToDetails(), Later));

        Assert.Equal($"No Placement {elsewhere.Id} on this child.", refused.Message);
        Assert.Equal(TestData.Now, _child.LastActivityAt);
    }

    [Fact]
    public void The_age_on_a_date_counts_whole_years_from_the_date_of_birth()
    {
        Assert.Equal(14, _child.AgeOn(TestData.Date("2025-02-28")));
        Assert.Equal(15, _child.AgeOn(TestData.Date("2025-03-01")));
    }

    // Risk override

    private static readonly DateOnly ReviewOn = TestData.Date("2025-08-01");

    [Fact]
    public void A_manager_overrides_the_risk_level_with_a_trimmed_reason_and_a_review_date_and_is_recorded_as_its_author()
    {
        _child.OverrideRiskLevel(Severity.High, "  Seen with older men at the station  ", ReviewOn, "manager-1", "Alex Manager", Later);

        Assert.Equal(Severity.High, _child.RiskOverrideLevel);
        Assert.Equal("Seen with older men at the station", _child.RiskOverrideReason);
        Assert.Equal(ReviewOn, _child.RiskOverrideReviewOn);
        Assert.Equal(("manager-1", "Alex Manager"), (_child.RiskOverrideById, _child.RiskOverrideByName));
        Assert.Equal(Later, _child.RiskOverrideAt);
        Assert.Equal(Later, _child.LastActivityAt);
    }

    [Fact]
    public void Removing_the_override_clears_the_level_and_the_review_date_and_records_who_removed_it_and_why()
    {
        _child.OverrideRiskLevel(Severity.High, "Seen with older men", ReviewOn, "manager-1", "Alex Manager", Later);

        _child.OverrideRiskLevel(null, "Moved out of area", null, "manager-2", "Jo Manager", Later.AddHours(1));

        Assert.Null(_child.RiskOverrideLevel);
        Assert.Null(_child.RiskOverrideReviewOn);
        Assert.Equal("Moved out of area", _child.RiskOverrideReason);
        Assert.Equal("manager-2", _child.RiskOverrideById);
        Assert.Equal(Later.AddHours(1), _child.RiskOverrideAt);
    }

    [Fact]
    public void Removing_the_override_ignores_a_review_date_given_with_it()
    {
        _child.OverrideRiskLevel(Severity.High, "Seen with older men", ReviewOn, "manager-1", "Alex Manager", Later);

        _child.OverrideRiskLevel(null, "Moved out of area", TestData.Date("2020-01-01"), "manager-2", "Jo Manager", Later);

        Assert.Null(_child.RiskOverrideLevel);
        Assert.Null(_child.RiskOverrideReviewOn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Overriding_the_risk_level_without_a_reason_is_refused_and_changes_nothing(string? reason)
    {
        Refusal.Expect(
            () => _child.OverrideRiskLevel(Severity.Low, reason!, ReviewOn, "manager-1", "Alex Manager", Later),
            "Reason", "Enter why you are overriding the risk level");

        Assert.Null(_child.RiskOverrideLevel);
        Assert.Null(_child.RiskOverrideAt);
        Assert.Equal(TestData.Now, _child.LastActivityAt);
    }

    [Fact]
    public void Removing_the_override_without_a_reason_is_refused_asking_why_it_is_removed()
    {
        Refusal.Expect(
            () => _child.OverrideRiskLevel(null, "", null, "manager-1", "Alex Manager", Later),
            "Reason", "Enter why you are removing the override");
    }

    [Fact]
    public void An_override_reason_of_2000_characters_is_accepted_and_one_of_2001_is_refused()
    {
        _child.OverrideRiskLevel(Severity.Medium, new string('r', 2000), ReviewOn, "manager-1", "Alex Manager", Later);
        Assert.Equal(2000, _child.RiskOverrideReason!.Length);

        Refusal.Expect(
            () => _child.OverrideRiskLevel(Severity.Medium, new string('r', 2001), ReviewOn, "manager-1", "Alex Manager", Later),
            "Reason", "The reason must be 2000 characters or fewer");
    }

    [Fact]
    public void A_risk_level_outside_the_list_is_refused()
    {
        Refusal.Expect(
            () => _child.OverrideRiskLevel((Severity)7, "Because", ReviewOn, "manager-1", "Alex Manager", Later),
            "Level", "Choose a risk level");
    }

    [Fact]
    public void An_override_without_a_review_date_is_refused_and_changes_nothing()
    {
        Refusal.Expect(
            () => _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", null, "manager-1", "Alex Manager", Later),
            "ReviewOn", "Enter the date by which the override will be reviewed");

        Assert.Null(_child.RiskOverrideLevel);
        Assert.Null(_child.RiskOverrideReviewOn);
    }

    [Theory]
    [InlineData("2025-06-15")]
    [InlineData("2025-06-14")]
    [InlineData("2024-01-01")]
    public void A_review_date_today_or_in_the_past_is_refused(string reviewOn)
    {
        Refusal.Expect(
            () => _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", TestData.Date(reviewOn), "manager-1", "Alex Manager", Later),
            "ReviewOn", "The review date must be in the future");
    }

    [Fact]
    public void A_review_date_tomorrow_is_accepted()
    {
        _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", TestData.Date("2025-06-16"), "manager-1", "Alex Manager", Later);

        Assert.Equal(TestData.Date("2025-06-16"), _child.RiskOverrideReviewOn);
    }

    [Fact]
    public void A_review_date_up_to_183_days_ahead_is_accepted_and_one_day_more_is_refused()
    {
        var furthest = TestData.Today.AddDays(Child.MaxOverrideReviewDays);
        _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", furthest, "manager-1", "Alex Manager", Later);
        Assert.Equal(furthest, _child.RiskOverrideReviewOn);

        Refusal.Expect(
            () => _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", furthest.AddDays(1), "manager-1", "Alex Manager", Later),
            "ReviewOn", "within 183 days");
        Assert.Equal(furthest, _child.RiskOverrideReviewOn);
    }

    [Fact]
    public void The_review_date_is_judged_on_the_London_date_of_the_change()
    {
        // 23:30 UTC on 15 June is 00:30 on 16 June in London: 16 June is today, so it cannot be the review date.
        var lateEvening = TestData.Utc(2025, 6, 15, 23, 30);

        Refusal.Expect(
            () => _child.OverrideRiskLevel(Severity.Low, "Settled", TestData.Date("2025-06-16"), "manager-1", "Alex Manager", lateEvening),
            "ReviewOn", "in the future");
        _child.OverrideRiskLevel(Severity.Low, "Settled", TestData.Date("2025-06-17"), "manager-1", "Alex Manager", lateEvening);
    }

    [Fact]
    public void Every_problem_with_an_override_is_listed_at_once()
    {
        var refused = Assert.Throws<DomainValidationException>(
            () => _child.OverrideRiskLevel((Severity)7, " ", null, "manager-1", "Alex Manager", Later));

        Assert.Equal(new[] { "Level", "Reason", "ReviewOn" }, refused.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_override_applies_until_the_day_before_its_review_date()
    {
        _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", ReviewOn, "manager-1", "Alex Manager", Later);

        Assert.Equal(Severity.Low, _child.RiskOverrideOn(TestData.Today));
        Assert.Equal(Severity.Low, _child.RiskOverrideOn(ReviewOn.AddDays(-1)));
        Assert.Null(_child.RiskOverrideOn(ReviewOn));
        Assert.Null(_child.RiskOverrideOn(ReviewOn.AddDays(30)));
        Assert.Equal(Severity.Low, _child.RiskOverrideLevel);
    }

    [Fact]
    public void No_override_applies_on_any_day_when_none_is_set()
    {
        Assert.Null(_child.RiskOverrideOn(TestData.Today));
    }

    [Fact]
    public void A_new_high_event_lapses_the_override_recording_why_and_that_no_person_made_the_change()
    {
        _child.OverrideRiskLevel(Severity.Low, "Settled in foster care", ReviewOn, "manager-1", "Alex Manager", Later);
        var lapsedAt = Later.AddDays(2);

        var lapsed = _child.LapseRiskOverride("RR-04 raised: missing now", lapsedAt);

        Assert.True(lapsed);
        Assert.Null(_child.RiskOverrideLevel);
        Assert.Null(_child.RiskOverrideReviewOn);
        Assert.Null(_child.RiskOverrideOn(TestData.Today));
        Assert.Equal("RR-04 raised: missing now", _child.RiskOverrideReason);
        Assert.Null(_child.RiskOverrideById);
        Assert.Null(_child.RiskOverrideByName);
        Assert.Equal(lapsedAt, _child.RiskOverrideAt);
        Assert.Equal(lapsedAt, _child.LastActivityAt);
    }

    [Fact]
    public void Lapsing_when_there_is_no_override_changes_nothing()
    {
        var lapsed = _child.LapseRiskOverride("RR-04 raised: missing now", Later);

        Assert.False(lapsed);
        Assert.Null(_child.RiskOverrideReason);
        Assert.Null(_child.RiskOverrideAt);
        Assert.Equal(TestData.Now, _child.LastActivityAt);
    }

    [Fact]
    public void Lapsing_an_override_already_removed_changes_nothing()
    {
        _child.OverrideRiskLevel(Severity.Low, "Settled", ReviewOn, "manager-1", "Alex Manager", Later);
        _child.OverrideRiskLevel(null, "No longer needed", null, "manager-1", "Alex Manager", Later.AddHours(1));

        Assert.False(_child.LapseRiskOverride("RR-04 raised", Later.AddHours(2)));
        Assert.Equal("No longer needed", _child.RiskOverrideReason);
        Assert.Equal("manager-1", _child.RiskOverrideById);
    }
}
