using System.Text;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Infrastructure.Tests.Identity;

/// <summary>Issue 13: authenticator codes as RFC 6238 makes them, accepted only within one time-step either side.</summary>
public class TotpTests
{
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixSeconds, string expected)
    {
        Assert.Equal(expected, Totp.Code(RfcKey, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void A_code_of_this_step_or_one_either_side_is_accepted_and_names_its_step(int offset)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);
        var step = Totp.StepAt(now) + offset;

        Assert.Equal(step, Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step), now));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    [InlineData(-20)]
    public void A_code_two_or_more_steps_away_is_refused(int offset)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_015);

        Assert.Null(Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, Totp.StepAt(now) + offset), now));
    }

    [Theory]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("12345", null)]
    [InlineData("1234567", null)]
    [InlineData("12345a", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Typed_codes_are_normalised_or_refused(string? typed, string? expected)
    {
        Assert.Equal(expected, Totp.Normalise(typed));
    }

    [Fact]
    public void Base32_round_trips_and_reads_keys_as_people_type_them()
    {
        var key = Enumerable.Range(0, 20).Select(i => (byte)(i * 13)).ToArray();
        var text = Base32.Encode(key);

        Assert.Equal(key, Base32.Decode(text));
        Assert.Equal(key, Base32.Decode(string.Join(' ', text.ToLowerInvariant().Chunk(4).Select(c => new string(c)))));
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(RfcKey));
        Assert.Throws<FormatException>(() => Base32.Decode("not base32!"));
    }
}
