using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Children;

/// <summary>A referral of the child to the National Referral Mechanism, with its decisions.</summary>
public sealed class NrmReferral : ChildHistoryRecord
{
    /// <summary>The recovery period: a Conclusive Grounds decision comes at least 30 days after a positive RG.</summary>
    public const int MinimumDaysFromRgToCg = 30;

    private NrmReferral()
    {
    }

    internal NrmReferral(Guid childId, ReferralDetails details, Child child, DateTimeOffset now)
        : base(childId, now)
    {
        Apply(details, child, now);
    }

    public DateOnly ReferralDate { get; private set; }

    public string FirstResponderOrganisation { get; private set; } = string.Empty;

    public OrganisationType FirstResponderType { get; private set; }

    public ExploitationTypes ExploitationTypes { get; private set; }

    /// <summary>County lines, recorded on criminal exploitation only.</summary>
    public bool CountyLines { get; private set; }

    public ExploitationLocation ExploitationLocation { get; private set; }

    /// <summary>The referral form's "could be exploited again in the future" concern.</summary>
    public bool FutureExploitationConcern { get; private set; }

    public string? FutureExploitationReasons { get; private set; }

    public CompetentAuthority CompetentAuthority { get; private set; }

    public DecisionOutcome RgOutcome { get; private set; }

    public DateOnly? RgDecisionDate { get; private set; }

    public DecisionOutcome CgOutcome { get; private set; }

    public DateOnly? CgDecisionDate { get; private set; }

    public DateOnly? ReconsiderationRequestedOn { get; private set; }

    /// <summary>When the case was withdrawn or suspended, if it was.</summary>
    public DateOnly? WithdrawnOn { get; private set; }

    public string? WithdrawalReason { get; private set; }

    /// <summary>The case was suspended on <see cref="WithdrawnOn"/> rather than withdrawn.</summary>
    public bool Suspended { get; private set; }

    /// <summary>When the young person was referred to adult support (MSVCC) at or after 18.</summary>
    public DateOnly? AdultSupportReferredOn { get; private set; }

    /// <summary>Concurrency token (PostgreSQL xmin).</summary>
    public uint Version { get; private set; }

    /// <summary>An NRM case is open while it waits for an RG decision, or for a CG decision after a positive RG.</summary>
    public bool IsOpen =>
        WithdrawnOn is null
        && (RgOutcome == DecisionOutcome.Pending
            || (RgOutcome == DecisionOutcome.Positive && CgOutcome == DecisionOutcome.Pending));

    public ReferralDetails ToDetails() => new()
    {
        ReferralDate = ReferralDate,
        FirstResponderOrganisation = FirstResponderOrganisation,
        FirstResponderType = FirstResponderType,
        ExploitationTypes = ExploitationTypes,
        CountyLines = CountyLines,
        ExploitationLocation = ExploitationLocation,
        FutureExploitationConcern = FutureExploitationConcern,
        FutureExploitationReasons = FutureExploitationReasons,
        CompetentAuthority = CompetentAuthority,
        RgOutcome = RgOutcome,
        RgDecisionDate = RgDecisionDate,
        CgOutcome = CgOutcome,
        CgDecisionDate = CgDecisionDate,
        ReconsiderationRequestedOn = ReconsiderationRequestedOn,
        WithdrawnOn = WithdrawnOn,
        WithdrawalReason = WithdrawalReason,
        Suspended = Suspended,
        AdultSupportReferredOn = AdultSupportReferredOn,
    };

    internal void Update(ReferralDetails details, Child child, DateTimeOffset now) => Apply(details, child, now);

    private void Apply(ReferralDetails d, Child child, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var v = new Validator();
        const string referralDate = nameof(ReferralDetails.ReferralDate);
        v.Require(d.ReferralDate != default, referralDate, "Enter the referral date");
        v.Require(d.ReferralDate <= today, referralDate, "Referral date must be today or in the past");
        if (child.DateOfBirth is { } dob && d.ReferralDate != default)
        {
            v.Require(d.ReferralDate >= dob, referralDate, "Referral date must be on or after the child's date of birth");
            v.Require(child.DobPrecision == DobPrecision.Disputed || UkCalendar.AgeOn(dob, d.ReferralDate) < 18,
                referralDate,
                "The child was 18 or over on the referral date; a child referral needs the child to be under 18, unless the date of birth is disputed");
        }

        var firstResponder = (d.FirstResponderOrganisation ?? string.Empty).Trim();
        v.Require(firstResponder.Length > 0, nameof(ReferralDetails.FirstResponderOrganisation),
            "Enter the first responder organisation");
        v.MaxLength(firstResponder, 200, nameof(ReferralDetails.FirstResponderOrganisation), "First responder organisation");
        v.Require(Enum.IsDefined(d.FirstResponderType), nameof(ReferralDetails.FirstResponderType),
            "Choose the first responder type");
        v.Require(d.ExploitationTypes != ExploitationTypes.None, nameof(ReferralDetails.ExploitationTypes),
            "Choose at least one exploitation type, or 'Not known'");
        v.Require(((int)d.ExploitationTypes & ~127) == 0, nameof(ReferralDetails.ExploitationTypes),
            "Choose exploitation types from the list");
        v.Require(!d.ExploitationTypes.HasFlag(ExploitationTypes.NotKnown) || d.ExploitationTypes == ExploitationTypes.NotKnown,
            nameof(ReferralDetails.ExploitationTypes), "'Not known' cannot be chosen with another exploitation type");
        v.Require(!d.CountyLines || d.ExploitationTypes.HasFlag(ExploitationTypes.Criminal), nameof(ReferralDetails.CountyLines),
            "County lines can only be recorded with criminal exploitation");
        v.Require(Enum.IsDefined(d.ExploitationLocation), nameof(ReferralDetails.ExploitationLocation),
            "Choose where the exploitation happened");
        v.Require(Enum.IsDefined(d.CompetentAuthority), nameof(ReferralDetails.CompetentAuthority),
            "Choose the competent authority");
        var reasons = string.IsNullOrWhiteSpace(d.FutureExploitationReasons) ? null : d.FutureExploitationReasons.Trim();
        v.MaxLength(reasons, 4000, nameof(ReferralDetails.FutureExploitationReasons), "The reasons");

        CheckDecision(v, d.RgOutcome, d.RgDecisionDate, d.ReferralDate, today,
            nameof(ReferralDetails.RgOutcome), nameof(ReferralDetails.RgDecisionDate), "Reasonable Grounds");
        CheckDecision(v, d.CgOutcome, d.CgDecisionDate, d.ReferralDate, today,
            nameof(ReferralDetails.CgOutcome), nameof(ReferralDetails.CgDecisionDate), "Conclusive Grounds");
        v.Require(d.CgOutcome == DecisionOutcome.Pending || d.RgOutcome == DecisionOutcome.Positive,
            nameof(ReferralDetails.CgOutcome), "A Conclusive Grounds decision can only follow a positive Reasonable Grounds decision");
        if (d.CgDecisionDate is { } cg && d.RgDecisionDate is { } rg && d.RgOutcome == DecisionOutcome.Positive)
        {
            v.Require(cg >= rg.AddDays(MinimumDaysFromRgToCg), nameof(ReferralDetails.CgDecisionDate),
                $"The Conclusive Grounds decision must be at least {MinimumDaysFromRgToCg} days after the Reasonable Grounds decision ({UkCalendar.Format(rg)})");
        }

        if (d.ReconsiderationRequestedOn is { } reconsidered)
        {
            v.Require(d.RgOutcome != DecisionOutcome.Pending, nameof(ReferralDetails.ReconsiderationRequestedOn),
                "Reconsideration can only be requested after a decision");
            v.Require(reconsidered <= today, nameof(ReferralDetails.ReconsiderationRequestedOn),
                "Reconsideration date must be today or in the past");
            v.Require(d.RgDecisionDate is null || reconsidered >= d.RgDecisionDate, nameof(ReferralDetails.ReconsiderationRequestedOn),
                "Reconsideration date must be on or after the decision it asks to reconsider");
        }

        var withdrawalReason = string.IsNullOrWhiteSpace(d.WithdrawalReason) ? null : d.WithdrawalReason.Trim();
        if (d.WithdrawnOn is { } withdrawn)
        {
            v.Require(withdrawn >= d.ReferralDate, nameof(ReferralDetails.WithdrawnOn),
                "Withdrawal or suspension date must be on or after the referral date");
            v.Require(withdrawn <= today, nameof(ReferralDetails.WithdrawnOn),
                "Withdrawal or suspension date must be today or in the past");
            v.Require(withdrawalReason is not null, nameof(ReferralDetails.WithdrawalReason),
                "Enter why the case was withdrawn or suspended");
        }
        else
        {
            v.Require(withdrawalReason is null, nameof(ReferralDetails.WithdrawnOn),
                "Enter the date the case was withdrawn or suspended, or remove the reason");
        }

        v.MaxLength(withdrawalReason, 2000, nameof(ReferralDetails.WithdrawalReason), "The reason");
        v.Require(!d.Suspended || d.WithdrawnOn is not null, nameof(ReferralDetails.Suspended),
            "Enter the date the case was suspended, or untick 'suspended'");
        if (d.AdultSupportReferredOn is { } adult)
        {
            v.Require(adult >= d.ReferralDate, nameof(ReferralDetails.AdultSupportReferredOn),
                "The adult support referral date must be on or after the referral date");
            v.Require(adult <= today, nameof(ReferralDetails.AdultSupportReferredOn),
                "The adult support referral date must be today or in the past");
        }

        v.ThrowIfAny();

        ReferralDate = d.ReferralDate;
        FirstResponderOrganisation = firstResponder;
        FirstResponderType = d.FirstResponderType;
        ExploitationTypes = d.ExploitationTypes;
        CountyLines = d.CountyLines;
        ExploitationLocation = d.ExploitationLocation;
        FutureExploitationConcern = d.FutureExploitationConcern;
        FutureExploitationReasons = reasons;
        CompetentAuthority = d.CompetentAuthority;
        RgOutcome = d.RgOutcome;
        RgDecisionDate = d.RgDecisionDate;
        CgOutcome = d.CgOutcome;
        CgDecisionDate = d.CgDecisionDate;
        ReconsiderationRequestedOn = d.ReconsiderationRequestedOn;
        WithdrawnOn = d.WithdrawnOn;
        WithdrawalReason = withdrawalReason;
        Suspended = d.Suspended;
        AdultSupportReferredOn = d.AdultSupportReferredOn;
    }

    private static void CheckDecision(
        Validator v, DecisionOutcome outcome, DateOnly? date, DateOnly referralDate, DateOnly today,
        string outcomeField, string dateField, string name)
    {
        v.Require(Enum.IsDefined(outcome), outcomeField, $"Choose the {name} outcome");
        if (outcome == DecisionOutcome.Pending)
        {
            v.Require(date is null, dateField, $"Remove the {name} decision date, or choose the decision");
            return;
        }

        v.Require(date is not null, dateField, $"Enter the date of the {name} decision");
        if (date is { } d)
        {
            v.Require(d >= referralDate, dateField, $"The {name} decision date must be on or after the referral date");
            v.Require(d <= today, dateField, $"The {name} decision date must be today or in the past");
        }
    }
}
