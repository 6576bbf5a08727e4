using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

public class NationalitiesTests
{
    [Theory]
    [InlineData("GBR", "British")]
    [InlineData("ALB", "Albanian")]
    [InlineData("SDN", "Sudanese")]
    [InlineData("SSD", "South Sudanese")]
    [InlineData("ERI", "Eritrean")]
    [InlineData("ETH", "Ethiopian")]
    [InlineData("AFG", "Afghan")]
    [InlineData("VNM", "Vietnamese")]
    [InlineData("CHN", "Chinese")]
    [InlineData("IRN", "Iranian")]
    [InlineData("ROU", "Romanian")]
    [InlineData("SOM", "Somali")]
    [InlineData("SYR", "Syrian")]
    [InlineData("NGA", "Nigerian")]
    [InlineData("IRQ", "Iraqi")]
    [InlineData("EGY", "Egyptian")]
    [InlineData("KWT", "Kuwaiti")]
    [InlineData("POL", "Polish")]
    [InlineData("XKX", "Kosovan")]
    [InlineData("XXA", "Stateless")]
    [InlineData("GHA", "Ghanaian")]
    [InlineData("PAK", "Pakistani")]
    [InlineData("IND", "Indian")]
    [InlineData("BGD", "Bangladeshi")]
    [InlineData("UKR", "Ukrainian")]
    [InlineData("TCD", "Chadian")]
    [InlineData("LBY", "Libyan")]
    public void Common_nationalities_read_as_the_adjective_a_caseworker_expects(string code, string adjective)
    {
        Assert.Equal(adjective, Nationalities.NameOf(code));
    }

    [Fact]
    public void Every_nationality_has_an_English_name_so_it_can_be_chosen_by_name()
    {
        Assert.All(Nationalities.All, code => Assert.NotEqual(code, Nationalities.NameOf(code)));
        Assert.Equal(Nationalities.All.Count, Nationalities.ByName.Count);
        Assert.Equal(Nationalities.ByName.Count, Nationalities.ByName.Select(n => n.Name).Distinct().Count());
    }

    [Fact]
    public void Nationalities_to_choose_from_are_in_alphabetical_order_of_name()
    {
        var names = Nationalities.ByName.Select(n => n.Name).ToList();
        Assert.Equal("Afghan", names[0]);
        Assert.Contains(("ALB", "Albanian"), Nationalities.ByName);
        Assert.True(names.IndexOf("Albanian") < names.IndexOf("Algerian"));
    }

    [Fact]
    public void A_code_that_is_not_a_nationality_reads_as_itself()
    {
        Assert.Equal("XYZ", Nationalities.NameOf("XYZ"));
    }

    [Theory]
    [InlineData("ABW")]
    [InlineData("FRA")]
    [InlineData("ZWE")]
    [InlineData("XKX")]
    [InlineData("XXA")]
    public void ISO_codes_Kosovo_and_stateless_are_valid_nationalities(string code)
    {
        Assert.True(Nationalities.IsValid(code));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("gbr")]
    [InlineData("GB")]
    [InlineData("")]
    public void Unknown_lower_case_and_two_letter_codes_are_not_valid_nationalities(string code)
    {
        Assert.False(Nationalities.IsValid(code));
    }

    [Fact]
    public void A_nationality_typed_with_spaces_in_lower_case_is_normalised_to_its_code()
    {
        Assert.Equal("ALB", Nationalities.Normalise("  alb "));
    }
}
