using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Tests;

public sealed class OfficeHoursAndOutOfHoursEmailTests
{
    private static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0) =>
        UkCalendar.FromLondon(new DateTime(year, month, day, hour, minute, 0));

    [Theory]
    [InlineData(2026, 12, 2, 9, 0, true)]    // Wednesday, opening time
    [InlineData(2026, 12, 2, 16, 59, true)]
    [InlineData(2026, 12, 2, 17, 0, false)]  // closing time is out of hours
    [InlineData(2026, 12, 2, 8, 59, false)]
    [InlineData(2026, 12, 5, 11, 0, false)]  // Saturday
    [InlineData(2026, 12, 25, 11, 0, false)] // Christmas Day, a Friday
    [InlineData(2026, 12, 28, 11, 0, false)] // Boxing Day's substitute Monday
    [InlineData(2026, 7, 1, 8, 30, false)]   // 08:30 in summer time is 07:30 UTC: still before opening
    [InlineData(2026, 7, 1, 16, 30, true)]   // 16:30 in summer time is 15:30 UTC
    public void Office_hours_are_weekdays_from_nine_to_five_uk_time_except_bank_holidays(int year, int month, int day, int hour, int minute, bool inside)
    {
        Assert.Equal(inside, OfficeHours.Default.Contains(London(year, month, day, hour, minute)));
    }

    [Fact]
    public void Office_hours_that_close_before_they_open_are_named_as_a_problem()
    {
        var problem = Assert.Single(new OfficeHours(new TimeOnly(18, 0), new TimeOnly(8, 0)).Problems("Notifications"));

        Assert.Equal("Notifications:OfficeHoursOpen (18:00) must be before Notifications:OfficeHoursClose (08:00)", problem);
        Assert.Empty(OfficeHours.Default.Problems("Notifications"));
    }

    [Fact]
    public void An_out_of_hours_address_is_kept_trimmed_and_an_empty_one_removes_it()
    {
        var organisation = new Organisation("LCC", "Leeds City Council", OrganisationType.LocalAuthority, true);

        organisation.SetOutOfHoursEmail("  duty.team@leeds.example.gov.uk ");
        Assert.Equal("duty.team@leeds.example.gov.uk", organisation.OutOfHoursEmail);

        organisation.SetOutOfHoursEmail("   ");
        Assert.Null(organisation.OutOfHoursEmail);
    }

    [Theory]
    [InlineData("duty team@leeds.example")]
    [InlineData("duty.team")]
    [InlineData("duty@team@leeds.example")]
    [InlineData("duty@leeds")]
    public void An_out_of_hours_address_in_the_wrong_format_is_refused_and_the_old_one_kept(string email)
    {
        var organisation = new Organisation("LCC", "Leeds City Council", OrganisationType.LocalAuthority, true);
        organisation.SetOutOfHoursEmail("duty@leeds.example");

        Refusal.Expect(() => organisation.SetOutOfHoursEmail(email), nameof(Organisation.OutOfHoursEmail),
            "Enter the out-of-hours email address in the right format, like duty.team@example.gov.uk");
        Assert.Equal("duty@leeds.example", organisation.OutOfHoursEmail);
    }
}
