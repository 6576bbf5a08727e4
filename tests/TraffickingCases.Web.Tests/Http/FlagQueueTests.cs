using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class FlagQueueTests(AppFixture fixture)
{
    [Fact]
    public async Task A_manager_acknowledges_and_resolves_flags_from_the_queue_and_the_history_keeps_who_and_why()
    {
        var (child, flagId) = await ChildWithRepeatReferralFlag("Acted");
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var queue = (await manager.GetPageAsync("/flags?rule=RR-01")).Page;
        Assert.NotNull(queue.QuerySelector($"[data-testid=flag-queue] tr[data-child] [data-flag='{flagId}']"));
        Assert.All(queue.QuerySelectorAll("[data-testid=flag-queue] [data-flag]"), flag => Assert.Equal("RR-01", flag.GetAttribute("data-rule")));

        var acknowledged = await manager.PostAsync(queue, "/flags/act?rule=RR-01", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "acknowledge")]);
        Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);

        var noReason = await manager.PostAsync(queue, "/flags/act?rule=RR-01", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "resolve"), new("Form.Reason", "  ")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Enter why you are resolving this flag", Session.Parse(await Session.Body(noReason)).QuerySelector("#Form_Reason-error")!.TextContent, StringComparison.Ordinal);

        var resolved = await manager.PostAsync(queue, "/flags/act?rule=RR-01", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "resolve"), new("Form.Reason", "Strategy meeting held; police informed")]);
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);

        var history = (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=flag-history]")!.TextContent;
        Assert.Contains("Resolved", history, StringComparison.Ordinal);
        Assert.Contains("Acknowledged", history, StringComparison.Ordinal);
        Assert.Contains("Priya Shah", history, StringComparison.Ordinal);
        Assert.Contains("Strategy meeting held; police informed", history, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(FlagStatus.Resolved, (await db.Flags.SingleAsync(f => f.Id == flagId)).Status);
    }

    [Fact]
    public async Task A_caseworker_sees_flags_but_cannot_close_them()
    {
        var (child, flagId) = await ChildWithRepeatReferralFlag("Caseworkerview");
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var page = (await caseworker.GetPageAsync(child)).Page;
        Assert.NotNull(page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-01]"));

        var response = await caseworker.PostAsync(page, "/flags/act", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "dismiss"), new("Form.Reason", "no")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(FlagStatus.Open, (await db.Flags.SingleAsync(f => f.Id == flagId)).Status);
    }

    [Fact]
    public async Task A_manager_of_another_organisation_cannot_act_on_a_flag()
    {
        var (child, flagId) = await ChildWithRepeatReferralFlag("Otherorg");
        var outsider = fixture.NewSession();
        await outsider.SignInAsync(Session.OtherOrganisationManager);
        var queue = (await outsider.GetPageAsync("/flags")).Page;
        Assert.Null(queue.QuerySelector($"[data-flag='{flagId}']"));

        var resolved = await outsider.PostAsync(queue, "/flags/act", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "resolve"), new("Form.Reason", "Not ours to keep open")]);
        var overridden = await outsider.PostAsync(queue, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Not ours either")]);

        Assert.Equal(HttpStatusCode.NotFound, resolved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, overridden.StatusCode);
        await using var db = fixture.Database.CreateContext();
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.Id == flagId);
        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.Null(flag.ClosedAt);
        var childId = Guid.Parse(child.Split('/')[^1]);
        Assert.Null((await db.Children.AsNoTracking().SingleAsync(c => c.Id == childId)).RiskOverrideLevel);
    }

    [Fact]
    public async Task A_manager_overrides_the_risk_level_with_a_reason_and_the_page_says_who_when_and_why()
    {
        var (child, _) = await ChildWithRepeatReferralFlag("Overridden");
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var page = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("High", page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());

        var response = await manager.PostAsync(page, $"{child}/risk", [new("Risk.Level", "Medium"), new("Risk.Reason", "Both referrals concern one incident"),
            new("Risk.ReviewOn", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("Medium", after.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        var note = after.QuerySelector("[data-testid=risk-override]")!.TextContent;
        Assert.Contains("Priya Shah", note, StringComparison.Ordinal);
        Assert.Contains("Both referrals concern one incident", note, StringComparison.Ordinal);
        Assert.Contains("would be high", note, StringComparison.Ordinal);
        Assert.Contains("To be reviewed by", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_caseload_shows_risk_and_filters_to_flagged_children()
    {
        var (child, _) = await ChildWithRepeatReferralFlag("Caseloadrisk");
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var calm = await session.RegisterChildAsync("Calm", "Caseloadrisk");

        var all = (await session.GetPageAsync("/children?q=Caseloadrisk")).Page;
        var flagged = (await session.GetPageAsync("/children?q=Caseloadrisk&flagged=true")).Page;

        Assert.Equal(2, all.QuerySelectorAll("[data-testid=caseload] tbody tr").Length);
        var rows = flagged.QuerySelectorAll("[data-testid=caseload] tbody tr");
        Assert.Single(rows);
        Assert.NotNull(rows[0].QuerySelector($"a[href='{child}']"));
        Assert.StartsWith("High", rows[0].QuerySelector("[data-testid=risk]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(flagged.QuerySelector($"a[href='{calm}']"));
    }

    [Fact]
    public async Task A_caseworker_raises_a_flag_by_hand_with_a_message()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Manual", "Flagraised");
        var page = (await session.GetPageAsync(child)).Page;

        var empty = await session.PostAsync(page, $"{child}/flags", [new("Flag.Severity", "High"), new("Flag.Message", "")]);
        Assert.Contains("Enter why you are raising this flag", (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=flag-error]")?.TextContent ?? (await Session.Body(empty)), StringComparison.Ordinal);

        var raised = await session.PostAsync(page, $"{child}/flags", [new("Flag.Severity", "High"), new("Flag.Message", "Seen with an adult known to police")]);
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        var flag = (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=MANUAL]")!;
        Assert.Contains("Seen with an adult known to police", flag.TextContent, StringComparison.Ordinal);
    }

    private async Task<(string Child, Guid FlagId)> ChildWithRepeatReferralFlag(string family)
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Flagged", family, "2009-03-03");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, "2024-01-10", "Labour")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, "2024-06-10", "Criminal")).StatusCode);
        await using var db = fixture.Database.CreateContext();
        var childId = Guid.Parse(child.Split('/')[^1]);
        var flag = await db.Flags.SingleAsync(f => f.ChildId == childId && f.RuleCode == "RR-01");
        return (child, flag.Id);
    }
}
