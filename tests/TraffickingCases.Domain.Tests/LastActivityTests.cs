using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Tests;

public class LastActivityTests
{
    private static readonly DateTimeOffset Registered = TestData.Utc(2025, 6, 15, 8);

    private readonly Child _child = TestData.Register(TestData.ChildDetails(), Registered);

    [Fact]
    public void A_new_child_was_last_active_when_registered()
    {
        Assert.Equal(Registered, _child.CreatedAt);
        Assert.Equal(Registered, _child.LastActivityAt);
    }

    [Fact]
    public void Each_added_record_moves_last_activity_forward()
    {
        var at = Registered;
        DateTimeOffset Later() => at = at.AddMinutes(5);

        _child.AddReferral(TestData.Referral(), Later());
        Assert.Equal(at, _child.LastActivityAt);

        _child.RecordMissingEpisode(TestData.Missing(TestData.Utc(2025, 6, 1, 20), TestData.Utc(2025, 6, 2, 8)), Later());
        Assert.Equal(at, _child.LastActivityAt);

        _child.AddPlacement(TestData.Placement(TestData.Date("2025-01-10")), Later());
        Assert.Equal(at, _child.LastActivityAt);

        _child.RequestSupport(TestData.Support(TestData.Date("2025-06-01")), Later());
        Assert.Equal(at, _child.LastActivityAt);

        _child.AddNote("Placement visit done.", "caseworker-1", "Sam Patel", Later());
        Assert.Equal(at, _child.LastActivityAt);

        _child.UpdateDetails(TestData.ChildDetails() with { FirstLanguage = "Tigrinya" }, Later());
        Assert.Equal(at, _child.LastActivityAt);

        _child.AssignCaseworker("caseworker-2", Later());
        Assert.Equal(at, _child.LastActivityAt);
    }

    [Fact]
    public void Changes_to_existing_records_move_last_activity_forward()
    {
        var referral = _child.AddReferral(TestData.Referral(), Registered.AddMinutes(1));
        var episode = _child.RecordMissingEpisode(TestData.Missing(TestData.Utc(2025, 6, 1, 20)), Registered.AddMinutes(2));

        _child.UpdateReferral(referral.Id, referral.ToDetails(), Registered.AddMinutes(3));
        Assert.Equal(Registered.AddMinutes(3), _child.LastActivityAt);

        _child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = TestData.Utc(2025, 6, 2, 8) }, Registered.AddMinutes(4));
        Assert.Equal(Registered.AddMinutes(4), _child.LastActivityAt);
    }

    [Fact]
    public void A_record_stamped_earlier_does_not_move_last_activity_backwards()
    {
        _child.AddNote("Strategy meeting held.", "caseworker-1", "Sam Patel", Registered.AddHours(2));

        _child.AddNote("Earlier call from police, entered late.", "caseworker-1", "Sam Patel", Registered.AddHours(1));

        Assert.Equal(Registered.AddHours(2), _child.LastActivityAt);
        Assert.Equal(2, _child.Notes.Count);
    }

    [Fact]
    public void A_refused_change_does_not_count_as_activity()
    {
        Assert.Throws<DomainValidationException>(
            () => _child.AddNote("   ", "caseworker-1", "Sam Patel", Registered.AddHours(1)));

        Assert.Equal(Registered, _child.LastActivityAt);
    }
}
