using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Features.Children;
using TraffickingCases.Web.Features.Shared;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Referrals;

public sealed class ReferralForm : IRevealingForm
{
    [Required(ErrorMessage = "Enter the referral date")]
    [Display(Name = "Referral date")]
    public DateOnly? ReferralDate { get; set; }

    public string? FirstResponderOrganisation { get; set; }

    [Required(ErrorMessage = "Choose the first responder type")]
    public OrganisationType? FirstResponderType { get; set; }

    public List<ExploitationTypes> ExploitationTypes { get; set; } = [];

    public bool CountyLines { get; set; }

    public ExploitationLocation ExploitationLocation { get; set; } = ExploitationLocation.NotKnown;

    public bool FutureExploitationConcern { get; set; }

    public string? FutureExploitationReasons { get; set; }

    [Required(ErrorMessage = "Choose the competent authority")]
    public CompetentAuthority? CompetentAuthority { get; set; }

    public DecisionOutcome RgOutcome { get; set; } = DecisionOutcome.Pending;

    [Display(Name = "Reasonable Grounds decision date")]
    public DateOnly? RgDecisionDate { get; set; }

    public DecisionOutcome CgOutcome { get; set; } = DecisionOutcome.Pending;

    [Display(Name = "Conclusive Grounds decision date")]
    public DateOnly? CgDecisionDate { get; set; }

    [Display(Name = "The date reconsideration was requested")]
    public DateOnly? ReconsiderationRequestedOn { get; set; }

    /// <summary>Null when the question was not asked (an older client): the date posted decides.</summary>
    public bool? Withdrawn { get; set; }

    [Display(Name = "The date the case was withdrawn or suspended")]
    public DateOnly? WithdrawnOn { get; set; }

    public string? WithdrawalReason { get; set; }

    public bool Suspended { get; set; }

    [Display(Name = "The date of the referral to adult support")]
    public DateOnly? AdultSupportReferredOn { get; set; }

    public uint Version { get; set; }

    public string? Original { get; set; }

    public ReferralDetails ToDetails() => new()
    {
        ReferralDate = ReferralDate ?? default,
        FirstResponderOrganisation = FirstResponderOrganisation ?? string.Empty,
        FirstResponderType = FirstResponderType ?? default,
        ExploitationTypes = ExploitationTypes.Aggregate(Domain.Children.ExploitationTypes.None, (all, t) => all | t),
        CountyLines = CountyLines,
        ExploitationLocation = ExploitationLocation,
        FutureExploitationConcern = FutureExploitationConcern,
        FutureExploitationReasons = FutureExploitationReasons,
        CompetentAuthority = CompetentAuthority ?? default,
        RgOutcome = RgOutcome,
        RgDecisionDate = RgDecisionDate,
        CgOutcome = CgOutcome,
        CgDecisionDate = CgDecisionDate,
        ReconsiderationRequestedOn = ReconsiderationRequestedOn,
        WithdrawnOn = Withdrawn == false ? null : WithdrawnOn,
        WithdrawalReason = Withdrawn == false ? null : WithdrawalReason,
        Suspended = Withdrawn != false && Suspended,
        AdultSupportReferredOn = AdultSupportReferredOn,
    };

    public IEnumerable<string> HiddenFields() =>
        Withdrawn == false ? [nameof(WithdrawnOn), nameof(WithdrawalReason), nameof(Suspended)] : [];

    public static ReferralForm From(NrmReferral referral)
    {
        var d = referral.ToDetails();
        return new ReferralForm
        {
            ReferralDate = d.ReferralDate,
            FirstResponderOrganisation = d.FirstResponderOrganisation,
            FirstResponderType = d.FirstResponderType,
            ExploitationTypes = Labels.SingleExploitationTypes.Where(t => d.ExploitationTypes.HasFlag(t)).ToList(),
            CountyLines = d.CountyLines,
            ExploitationLocation = d.ExploitationLocation,
            FutureExploitationConcern = d.FutureExploitationConcern,
            FutureExploitationReasons = d.FutureExploitationReasons,
            CompetentAuthority = d.CompetentAuthority,
            RgOutcome = d.RgOutcome,
            RgDecisionDate = d.RgDecisionDate,
            CgOutcome = d.CgOutcome,
            CgDecisionDate = d.CgDecisionDate,
            ReconsiderationRequestedOn = d.ReconsiderationRequestedOn,
            Withdrawn = d.WithdrawnOn is not null,
            WithdrawnOn = d.WithdrawnOn,
            WithdrawalReason = d.WithdrawalReason,
            Suspended = d.Suspended,
            AdultSupportReferredOn = d.AdultSupportReferredOn,
            Version = referral.Version,
            Original = ChildForm.Snapshot(d),
        };
    }
}

public static class ReferralChoices
{
    public static IReadOnlyList<SelectListItem> FirstResponderTypes =>
        Enum.GetValues<OrganisationType>().Select(v => new SelectListItem(Labels.Of(v), v.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> ExploitationTypes =>
        Labels.SingleExploitationTypes.Select(v => new SelectListItem(Labels.OfSingle(v), v.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> Locations =>
        Enum.GetValues<ExploitationLocation>().Select(v => new SelectListItem(Labels.Of(v), v.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> Authorities =>
        Enum.GetValues<CompetentAuthority>().Select(v => new SelectListItem(Labels.Of(v), v.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> Outcomes =>
        Enum.GetValues<DecisionOutcome>().Select(v => new SelectListItem(Labels.Of(v), v.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> YesNo => [new("Yes", "true"), new("No", "false")];
}

[Route("/children/{childId:guid}/referrals")]
public sealed class ReferralsController(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit, ILogger<ReferralsController> logger)
    : ChildRecordController<ReferralForm>(db, changes, clock, audit)
{
    [HttpGet("new")]
    public Task<IActionResult> New(Guid childId) =>
        ShowForm(childId, new ReferralForm { ReferralDate = Domain.Common.UkCalendar.DateOf(Now) }, null);

    [HttpPost("new")]
    public Task<IActionResult> Create(Guid childId, [Bind(Prefix = "Form")] ReferralForm form) =>
        Save(childId, form, null, (child, now) => child.AddReferral(form.ToDetails(), now),
            referral => logger.LogInformation("Referral {ReferralId} added to child {ChildId}", referral.Id, childId), "Referral added");

    [HttpGet("{id:guid}/edit")]
    public Task<IActionResult> Edit(Guid childId, Guid id) =>
        ShowRecord(childId, id, c => c.Referrals, r => r.Id, ReferralForm.From);

    [HttpPost("{id:guid}/edit")]
    public Task<IActionResult> Update(Guid childId, Guid id, [Bind(Prefix = "Form")] ReferralForm form) =>
        Save(childId, form, id, (child, now) => child.UpdateReferral(id, form.ToDetails(), now),
            _ => logger.LogInformation("Referral {ReferralId} of child {ChildId} updated", id, childId), "Referral saved", child => Conflicts(child, id, form));

    protected override void Refresh(ReferralForm form, Child current, Guid? recordId)
    {
        if (current.Referrals.FirstOrDefault(r => r.Id == recordId) is { } referral)
        {
            form.Version = referral.Version;
            form.Original = ChildForm.Snapshot(referral.ToDetails());
        }
    }

    /// <summary>What someone else changed in this referral since the form was opened; empty when nothing real changed.</summary>
    private static List<ConflictingChange> Conflicts(Child child, Guid id, ReferralForm form)
    {
        var referral = child.Referrals.FirstOrDefault(r => r.Id == id);
        if (referral is null || referral.Version == form.Version)
        {
            return [];
        }

        return ConflictingChange.Between(ChildForm.FromSnapshot<ReferralDetails>(form.Original), referral.ToDetails(), form.ToDetails(),
            ("Referral date", d => Display.Date(d.ReferralDate)),
            ("First responder", d => $"{d.FirstResponderOrganisation} ({Labels.Of(d.FirstResponderType)})"),
            ("Exploitation", d => Labels.Of(d.ExploitationTypes) + (d.CountyLines ? " (county lines)" : string.Empty)),
            ("Where exploited", d => Labels.Of(d.ExploitationLocation)),
            ("Could be exploited again", d => d.FutureExploitationConcern ? $"Yes: {d.FutureExploitationReasons}" : "No"),
            ("Competent authority", d => Labels.Of(d.CompetentAuthority)),
            ("Reasonable Grounds", d => $"{Labels.Of(d.RgOutcome)} {Display.Date(d.RgDecisionDate)}"),
            ("Conclusive Grounds", d => $"{Labels.Of(d.CgOutcome)} {Display.Date(d.CgDecisionDate)}"),
            ("Reconsideration requested", d => Display.Date(d.ReconsiderationRequestedOn)),
            ("Withdrawn or suspended", d => $"{Display.Date(d.WithdrawnOn)} {d.WithdrawalReason}"),
            ("Suspended rather than withdrawn", d => Display.YesNo(d.Suspended)),
            ("Referred to adult support (MSVCC)", d => Display.Date(d.AdultSupportReferredOn)));
    }
}
