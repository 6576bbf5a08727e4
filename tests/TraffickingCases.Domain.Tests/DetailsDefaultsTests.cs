using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Tests;

/// <summary>What a form or an import gets when it leaves a field out.</summary>
public class DetailsDefaultsTests
{
    [Fact]
    public void A_child_recorded_with_only_a_family_name_has_no_given_names()
    {
        var child = TestData.Register(new ChildDetails { FamilyName = "Haddad" });

        Assert.Equal(string.Empty, child.GivenNames);
        Assert.Equal("Haddad", child.FullName);
    }

    [Fact]
    public void A_child_recorded_with_only_given_names_has_no_family_name()
    {
        var child = TestData.Register(new ChildDetails { GivenNames = "Amir" });

        Assert.Equal(string.Empty, child.FamilyName);
        Assert.Equal("Amir", child.FullName);
    }

    [Fact]
    public void New_child_details_have_no_aliases_or_nationalities_an_exact_date_of_birth_and_unknown_gender()
    {
        var details = new ChildDetails();

        Assert.Empty(details.OtherNames);
        Assert.Empty(details.Nationalities);
        Assert.Equal(DobPrecision.Exact, details.DobPrecision);
        Assert.Equal(Gender.Unknown, details.Gender);
    }

    [Fact]
    public void A_referral_that_leaves_out_the_first_responder_is_refused()
    {
        var child = TestData.Child();
        var details = new ReferralDetails
        {
            ReferralDate = TestData.DefaultReferralDate,
            FirstResponderType = OrganisationType.LocalAuthority,
            ExploitationTypes = ExploitationTypes.Criminal,
            CompetentAuthority = CompetentAuthority.Sca,
        };

        Refusal.Expect(
            () => child.AddReferral(details, TestData.Now),
            nameof(ReferralDetails.FirstResponderOrganisation), "Enter the first responder organisation");
    }
}
