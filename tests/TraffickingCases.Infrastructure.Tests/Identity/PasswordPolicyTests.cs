using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Infrastructure.Tests.Identity;

/// <summary>Issue 13, finding 10: common and guessable passwords are refused whatever their length, and so is the user's own name.</summary>
public class PasswordPolicyTests
{
    private static readonly AppUser Alex = new() { Email = "alex.morgan@council.example", UserName = "alex.morgan@council.example", DisplayName = "Alex Morgan" };

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password12345")]
    [InlineData("qwertyuiop12")]
    [InlineData("123456789012")]
    [InlineData("iloveyou2024!")]
    public void Common_and_keyboard_passwords_are_refused(string password)
    {
        Assert.Equal(("PasswordTooGuessable", PasswordPolicy.TooGuessable), PasswordPolicy.Check(Alex, password));
    }

    [Theory]
    [InlineData("morgan-forever-2026")]
    [InlineData("ALEX.MORGAN.secret.words")]
    [InlineData("alex.morgan@council.example")]
    public void A_password_with_the_user_s_name_or_email_is_refused(string password)
    {
        Assert.Equal(("PasswordContainsIdentity", PasswordPolicy.ContainsIdentity), PasswordPolicy.Check(Alex, password));
    }

    [Theory]
    [InlineData("blue lantern over the quiet harbour")]
    [InlineData("correct-horse-battery-staple")]
    [InlineData("council example lighthouse rope")]
    public void Long_unusual_passwords_are_accepted_without_composition_rules(string password)
    {
        Assert.Null(PasswordPolicy.Check(Alex, password));
    }

    [Fact]
    public void A_short_name_inside_an_ordinary_word_and_a_display_name_that_is_the_address_do_not_refuse_it()
    {
        var dan = new AppUser { Email = "dan.li@council.example", UserName = "dan.li@council.example", DisplayName = "dan.li@council.example" };

        Assert.Null(PasswordPolicy.Check(dan, "abundant council meadow lanterns"));
    }

    [Fact]
    public void The_email_s_domain_is_the_organisation_s_and_may_appear()
    {
        var demo = new AppUser { Email = "caseworker@demo.test", UserName = "caseworker@demo.test", DisplayName = "Casey Worker" };

        Assert.Null(PasswordPolicy.Check(demo, DemoSeeder.DemoPassword));
        Assert.Equal("PasswordContainsIdentity", PasswordPolicy.Check(demo, "caseworker-lighthouse-rope")?.Code);
    }
}
