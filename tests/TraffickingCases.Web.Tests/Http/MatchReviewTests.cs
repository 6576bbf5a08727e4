using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class MatchReviewTests(AppFixture fixture)
{
    [Fact]
    public async Task A_manager_compares_a_pair_and_records_that_they_are_not_the_same_child()
    {
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Abdullahi", "Reviewpair", "2009-02-03", nationalities: "SOM");
        var second = await caseworker.RegisterChildAsync("Abdulahi", "Reviewpair", "2009-03-02", nationalities: "SOM");
        await using var db = fixture.Database.CreateContext();
        var firstId = Guid.Parse(first.Split('/')[^1]);
        var flag = await db.Flags.SingleAsync(f => f.ChildId == firstId && f.RuleCode == Flag.MatchCode);
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);

        var queue = (await manager.GetPageAsync("/matches")).Page;
        var pairFlags = await db.Flags.Where(f => f.RuleCode == Flag.MatchCode && (f.ChildId == firstId || f.OccurrenceKey == firstId.ToString()))
            .Select(f => $"/matches/{f.Id}").ToListAsync();
        var pairLink = queue.QuerySelectorAll("[data-testid=match-queue] tbody tr a").Select(a => a.GetAttribute("href")!).Single(pairFlags.Contains);
        var pair = (await manager.GetPageAsync(pairLink)).Page;
        var table = pair.QuerySelector("[data-testid=match-pair]")!.TextContent;
        Assert.Contains("Abdullahi", table, StringComparison.Ordinal);
        Assert.Contains("Abdulahi", table, StringComparison.Ordinal);
        var workings = pair.QuerySelector("[data-testid=match-workings]")!.TextContent;
        Assert.Contains($"probability {flag.MatchProbability:0.000}, match model 0", workings, StringComparison.Ordinal);
        Assert.Contains("names: ", workings, StringComparison.Ordinal);
        Assert.Contains("prior: ", workings, StringComparison.Ordinal);

        var noReason = await manager.PostAsync(pair, $"{pairLink}/not-same", [new("Form.Reason", " ")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Enter why these are not the same child", Session.Parse(await Session.Body(noReason)).QuerySelector("#Form_Reason-error")!.TextContent, StringComparison.Ordinal);

        var decided = await manager.PostAsync(pair, $"{pairLink}/not-same", [new("Form.Reason", "Cousins, confirmed with the school")]);

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var secondId = Guid.Parse(second.Split('/')[^1]);
        var flags = await db.Flags.AsNoTracking().Where(f => f.RuleCode == Flag.MatchCode && (f.ChildId == firstId || f.ChildId == secondId)).ToListAsync();
        Assert.Equal(2, flags.Count);
        Assert.All(flags, f => Assert.Equal(FlagStatus.Dismissed, f.Status));
        Assert.Null((await manager.GetPageAsync("/matches")).Page.QuerySelector($"a[href='{pairLink}']"));
    }

    [Fact]
    public async Task A_pair_across_organisations_shows_the_other_record_only_by_organisation_and_reference()
    {
        var east = fixture.NewSession();
        await east.SignInAsync(Session.OtherOrganisationCaseworker);
        await east.RegisterChildAsync("Semere", "Crossorgpair", "2008-10-10", nationalities: "ERI");
        var north = fixture.NewSession();
        await north.SignInAsync(Session.Caseworker);
        var ours = await north.RegisterChildAsync("Semere", "Crossorgpair", "2008-10-10", nationalities: "ETH");
        await using var db = fixture.Database.CreateContext();
        var ourId = Guid.Parse(ours.Split('/')[^1]);
        var flag = await db.Flags.SingleAsync(f => f.ChildId == ourId && f.RuleCode == Flag.MatchCode);
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);

        var pair = (await manager.GetPageAsync($"/matches/{flag.Id}")).Page;

        var theirs = pair.QuerySelectorAll("[data-testid=match-pair] tbody tr td:nth-child(3)").Select(td => td.TextContent).ToList();
        Assert.All(theirs, text => Assert.Equal("Not shown: held by another organisation", text.Trim()));
        Assert.Contains("East Borough Council", pair.QuerySelector("[data-testid=match-pair] thead")!.TextContent, StringComparison.Ordinal);
        var theirReference = await db.Children.Where(c => c.Id == Guid.Parse(flag.OccurrenceKey)).Select(c => c.Reference).SingleAsync();
        Assert.Matches($"^(Likely|Possibly) the same child as {theirReference}, held by East Borough Council\\.$", pair.QuerySelector("[data-testid=match-evidence]")!.TextContent.Trim());
        var row = (await manager.GetPageAsync("/matches")).Page.QuerySelector($"tr[data-pair='{flag.Id}']")!;
        Assert.Contains(theirReference, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("East Borough Council", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("probability", row.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("date of birth", row.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"\d\.\d", row.TextContent);
        var outsider = fixture.NewSession();
        await outsider.SignInAsync(Session.Caseworker);
        Assert.Equal(HttpStatusCode.Redirect, (await outsider.Client.GetAsync($"/matches/{flag.Id}")).StatusCode);
    }
}
