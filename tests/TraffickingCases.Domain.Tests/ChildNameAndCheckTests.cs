using Details = TraffickingCases.Domain.Children.ChildDetails;
using Record = TraffickingCases.Domain.Children.Child;
using static TraffickingCases.Domain.Tests.TestData;

namespace TraffickingCases.Domain.Tests;

public class ChildNameAndCheckTests
{
    [Theory]
    [InlineData("Amir", "Haddad", "Amir Haddad")]
    [InlineData("Amir Hassan", "Haddad", "Amir Hassan Haddad")]
    [InlineData("", "Haddad", "Haddad")]
    [InlineData("Amir", "", "Amir")]
    [InlineData("", "", "")]
    public void A_whole_name_is_the_given_names_then_the_family_name_without_stray_spaces(string given, string family, string whole)
    {
        Assert.Equal(whole, Record.FullNameOf(given, family));
    }

    [Fact]
    public void A_registered_childs_name_reads_the_same_way()
    {
        Assert.Equal("Amir Haddad", Child().FullName);
    }

    [Fact]
    public void Checking_valid_details_finds_nothing_wrong()
    {
        Assert.Empty(Record.Check(ChildDetails(), Now));
    }

    [Fact]
    public void Checking_details_lists_every_problem_a_registration_would_meet()
    {
        var errors = Record.Check(ChildDetails() with { GivenNames = "", FamilyName = "", DateOfBirth = Today.AddDays(1) }, Now);

        Assert.Contains(errors, e => e.Field == nameof(Details.GivenNames) || e.Field == nameof(Details.FamilyName));
        Assert.Contains(errors, e => e.Field == nameof(Details.DateOfBirth));
    }
}
