using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests;

/// <summary>A manager's supervision note and its review date, and RR-20 when the review is overdue.</summary>
public class SupervisionTests
{
    [Fact]
    public void Recording_supervision_keeps_the_note_and_sets_the_childs_review_date()
    {
        var child = NewChild();

        var note = child.RecordSupervision("  Plan agreed: weekly visits  ", D("2025-07-15"), "manager-1", "Alex Manager", Now);

        Assert.Equal("Plan agreed: weekly visits", note.Text);
        Assert.Equal(D("2025-07-15"), note.NextReviewOn);
        Assert.Equal(child.Id, note.ChildId);
        Assert.Equal("Alex Manager", note.AuthorName);
        Assert.Equal(D("2025-07-15"), child.SupervisionReviewOn);
    }

    [Fact]
    public void Text_and_review_date_are_required()
    {
        var child = NewChild();

        var e = Assert.Throws<DomainValidationException>(() => child.RecordSupervision(" ", null, "m", "M", Now));

        Assert.Equal(
            [new ValidationError("Text", "Enter what was discussed and decided in supervision"), new ValidationError("NextReviewOn", "Enter the date of the next supervision review")],
            e.Errors);
        Assert.Null(child.SupervisionReviewOn);
    }

    [Theory]
    [InlineData("2025-06-15", "The next review date must be in the future")]
    [InlineData("2025-06-01", "The next review date must be in the future")]
    [InlineData("2025-09-16", "The next review date must be within 92 days (three months)")]
    public void The_review_date_is_in_the_future_and_within_three_months(string reviewOn, string message)
    {
        var child = NewChild();

        var e = Assert.Throws<DomainValidationException>(() => child.RecordSupervision("Reviewed", D(reviewOn), "m", "M", Now));

        Assert.Equal(new ValidationError("NextReviewOn", message), Assert.Single(e.Errors));
    }

    [Fact]
    public void Three_months_ahead_is_allowed()
    {
        var child = NewChild();

        child.RecordSupervision("Reviewed", Today.AddDays(Child.MaxSupervisionReviewDays), "m", "M", Now);

        Assert.Equal(Today.AddDays(92), child.SupervisionReviewOn);
    }

    [Fact]
    public void A_note_over_10000_characters_is_refused()
    {
        var child = NewChild();

        var e = Assert.Throws<DomainValidationException>(() => child.RecordSupervision(new string('x', 10_001), Today.AddDays(10), "m", "M", Now));

        Assert.Equal("Text", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void RR_20_is_silent_until_the_day_after_the_review_date()
    {
        var child = NewChild();
        child.RecordSupervision("Reviewed", D("2025-06-20"), "m", "M", Now);
        var rule = new SupervisionReviewOverdueRule();

        Assert.Null(rule.Judge(child, Noon("2025-06-20")));
        var finding = Fires(rule.Judge(child, Noon("2025-06-21")), "RR-20", Severity.Medium);

        Assert.Contains("2025-06-20", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("1 day overdue", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal("2025-06-20", finding.OccurrenceKey);
    }

    [Fact]
    public void RR_20_next_change_is_the_start_of_the_day_after_the_review_date()
    {
        var child = NewChild();
        child.RecordSupervision("Reviewed", D("2025-06-20"), "m", "M", Now);

        Assert.Equal(UkCalendar.StartOf(D("2025-06-21")), new SupervisionReviewOverdueRule().NextChange(child));
        Assert.Equal(UkCalendar.StartOf(D("2025-06-21")), RuleSet.NextChange(Context(child)));
    }

    [Fact]
    public void RR_20_never_changes_for_a_child_without_supervision()
    {
        Assert.Null(new SupervisionReviewOverdueRule().NextChange(NewChild()));
        Assert.Null(new SupervisionReviewOverdueRule().Judge(NewChild()));
    }

    [Fact]
    public void A_new_supervision_note_ends_the_overdue_finding()
    {
        var child = NewChild();
        child.RecordSupervision("Reviewed", D("2025-06-20"), "m", "M", Now);
        var later = Noon("2025-06-25");
        Assert.NotNull(new SupervisionReviewOverdueRule().Judge(child, later));

        child.RecordSupervision("Reviewed again", D("2025-07-25"), "m", "M", later);

        Assert.Null(new SupervisionReviewOverdueRule().Judge(child, later));
        Assert.Equal("Supervision recorded; next review 2025-07-25", new SupervisionReviewOverdueRule().EndReason(child, "2025-06-20", later));
    }
}
