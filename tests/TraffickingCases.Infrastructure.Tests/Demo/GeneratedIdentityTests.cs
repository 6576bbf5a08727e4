using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Demo;

namespace TraffickingCases.Infrastructure.Tests.Demo;

/// <summary>
/// The matching benchmark's figures rest on the generator's people: for a seed, the same names, dates of birth, genders and
/// nationalities must come out whatever changes in the histories. The fingerprints were taken from the generator before
/// issue 12 reworked the histories.
/// </summary>
public sealed class GeneratedIdentityTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Afternoon = new(2025, 6, 14, 15, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(7, "midnight", "C98389B107DEFA457625C292059B2B30A02B4FC6FB34C7F411A8A0C69BB72DDE")]
    [InlineData(42, "midnight", "B1D223989102DC5550EB89E7AD11E1232B4FFA296EBAA94E81708A86FFDC0EF8")]
    [InlineData(1_000_010, "afternoon", "3CAEEAB9431B62C60B8ED0DCB24A2DC58F344037803E9A7202640C31072EFA9D")]
    public void A_seed_gives_the_same_people_as_before_the_histories_were_reworked(int seed, string when, string fingerprint)
    {
        var now = when == "midnight" ? Midnight : Afternoon;
        var organisations = new[]
        {
            new Organisation("NSC", "North Shire Council", OrganisationType.LocalAuthority, isInIctgArea: true),
            new Organisation("EBC", "East Borough Council", OrganisationType.LocalAuthority, isInIctgArea: false),
        };
        var population = new DemoPopulation(seed, now);
        var text = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            var child = population.NextChild("TC-TEST", organisations[i % 2], null).ToDetails();
            text.Append(CultureInfo.InvariantCulture, $"{child.GivenNames}|{child.FamilyName}|{string.Join(';', child.OtherNames)}|{child.DateOfBirth:yyyy-MM-dd}|")
                .Append(CultureInfo.InvariantCulture, $"{child.DobPrecision}|{child.Gender}|{string.Join(';', child.Nationalities)}|{child.FirstLanguage}|{child.InterpreterNeeded}|{child.IsUasc}\n");
        }

        Assert.Equal(fingerprint, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))));
    }
}
