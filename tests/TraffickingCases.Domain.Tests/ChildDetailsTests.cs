using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

public class ChildDetailsTests
{
    [Fact]
    public void Date_of_birth_today_is_accepted()
    {
        var child = TestData.Child(dob: TestData.Today);

        Assert.Equal(TestData.Today, child.DateOfBirth);
    }

    [Fact]
    public void Date_of_birth_tomorrow_is_refused()
    {
        Refusal.Expect(
            () => TestData.Child(dob: TestData.Today.AddDays(1)),
            nameof(ChildDetails.DateOfBirth), "Date of birth must be today or in the past");
    }

    [Fact]
    public void Date_of_birth_is_judged_against_the_UK_date_not_the_UTC_date()
    {
        // 23:30 UTC on 14 June is 00:30 on 15 June in London.
        var justAfterMidnightInLondon = TestData.Utc(2025, 6, 14, 23, 30);

        var child = TestData.Register(TestData.ChildDetails(dob: TestData.Date("2025-06-15")), justAfterMidnightInLondon);

        Assert.Equal(TestData.Date("2025-06-15"), child.DateOfBirth);
    }

    [Fact]
    public void Unknown_date_of_birth_is_accepted()
    {
        var child = TestData.ChildWithUnknownDateOfBirth();

        Assert.Null(child.DateOfBirth);
        Assert.Null(child.AgeOn(TestData.Today));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("   ", " \t ")]
    public void A_child_with_neither_given_nor_family_name_is_refused(string given, string family)
    {
        Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { GivenNames = given, FamilyName = family }),
            nameof(ChildDetails.GivenNames), "Enter the child's given names or family name");
    }

    [Theory]
    [InlineData("Amir", "", "Amir")]
    [InlineData("", "Haddad", "Haddad")]
    [InlineData("  Nguyen   Van ", " Minh ", "Nguyen Van Minh")]
    public void A_given_name_or_a_family_name_alone_is_enough(string given, string family, string fullName)
    {
        var child = TestData.Register(TestData.ChildDetails() with { GivenNames = given, FamilyName = family });

        Assert.Equal(fullName, child.FullName);
    }

    [Fact]
    public void An_ISO_nationality_code_is_accepted()
    {
        var child = TestData.Register(TestData.ChildDetails() with { Nationalities = ["GBR"] });

        Assert.Equal(["GBR"], child.Nationalities);
    }

    [Fact]
    public void A_nationality_that_is_not_an_ISO_code_is_refused_and_named()
    {
        var refused = Refusal.Expect(
            () => TestData.Register(TestData.ChildDetails() with { Nationalities = ["GBR", "XYZ"] }),
            nameof(ChildDetails.Nationalities), "ISO 3166-1 three-letter code");

        Assert.Contains("XYZ", refused.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lower_case_nationalities_are_normalised_and_deduplicated()
    {
        var child = TestData.Register(TestData.ChildDetails() with { Nationalities = ["alb", " ALB ", "gbr", ""] });

        Assert.Equal(["ALB", "GBR"], child.Nationalities);
    }

    [Fact]
    public void Other_names_are_trimmed_and_deduplicated_ignoring_case()
    {
        var child = TestData.Register(TestData.ChildDetails() with
        {
            OtherNames = ["  Mo ", "mo", "Muhammad   Ali", "   ", "MO"],
        });

        Assert.Equal(["Mo", "Muhammad Ali"], child.OtherNames);
    }

    [Fact]
    public void Changing_the_date_of_birth_to_after_an_existing_referral_is_refused()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        Refusal.Expect(
            () => child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2025-03-04")), TestData.Now),
            nameof(ChildDetails.DateOfBirth), "Date of birth must be on or before the referral of");
        Assert.Equal(TestData.DefaultDateOfBirth, child.DateOfBirth);
    }

    [Fact]
    public void Changing_the_date_of_birth_to_after_a_referral_is_refused_even_when_disputed()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        Refusal.Expect(
            () => child.UpdateDetails(TestData.ChildDetails(TestData.Date("2025-03-04"), DobPrecision.Disputed), TestData.Now),
            nameof(ChildDetails.DateOfBirth), "on or before the referral of");
    }

    [Fact]
    public void Changing_the_date_of_birth_so_the_child_was_18_at_a_referral_is_refused()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        // 18th birthday on 3 March 2025: the day of the referral.
        Refusal.Expect(
            () => child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2007-03-03")), TestData.Now),
            nameof(ChildDetails.DateOfBirth), "18 or over at the referral");
        Assert.Equal(TestData.DefaultDateOfBirth, child.DateOfBirth);
    }

    [Fact]
    public void Changing_the_date_of_birth_so_the_child_was_17_at_a_referral_is_accepted()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        // 18th birthday the day after the referral.
        child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2007-03-04")), TestData.Now);

        Assert.Equal(TestData.Date("2007-03-04"), child.DateOfBirth);
    }

    [Fact]
    public void Changing_the_date_of_birth_to_an_adult_age_is_accepted_when_recorded_as_disputed()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        child.UpdateDetails(TestData.ChildDetails(TestData.Date("2006-01-01"), DobPrecision.Disputed), TestData.Now);

        Assert.Equal(TestData.Date("2006-01-01"), child.DateOfBirth);
        Assert.Equal(DobPrecision.Disputed, child.DobPrecision);
    }

    [Fact]
    public void A_disputed_adult_date_of_birth_cannot_later_be_marked_exact()
    {
        var child = TestData.Child(TestData.Date("2006-01-01"), DobPrecision.Disputed);
        child.AddReferral(TestData.Referral(date: TestData.Date("2025-03-03")), TestData.Now);

        Refusal.Expect(
            () => child.UpdateDetails(TestData.ChildDetails(TestData.Date("2006-01-01"), DobPrecision.Exact), TestData.Now),
            nameof(ChildDetails.DateOfBirth), "record the date of birth as disputed");
        Assert.Equal(DobPrecision.Disputed, child.DobPrecision);
    }

    [Fact]
    public void Changing_the_date_of_birth_to_after_a_placement_started_is_refused()
    {
        var child = TestData.Child();
        child.AddPlacement(TestData.Placement(TestData.Date("2015-01-10")), TestData.Now);

        Refusal.Expect(
            () => child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2016-01-01")), TestData.Now),
            nameof(ChildDetails.DateOfBirth), "earliest placement, missing episode or support request");
    }

    [Fact]
    public void Changing_the_date_of_birth_to_after_a_missing_episode_is_refused()
    {
        var child = TestData.Child();
        child.RecordMissingEpisode(TestData.Missing(TestData.Utc(2015, 1, 10, 20), TestData.Utc(2015, 1, 11, 8)), TestData.Now);

        Refusal.Expect(
            () => child.UpdateDetails(TestData.ChildDetails(dob: TestData.Date("2015-06-01")), TestData.Now),
            nameof(ChildDetails.DateOfBirth), "earliest placement");
    }
}
