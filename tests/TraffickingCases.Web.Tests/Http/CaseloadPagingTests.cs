using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>The caseload pages by key both ways (issue 14): "Next page", then "Previous page" back to the same rows.</summary>
[Collection(HttpCollection.Name)]
public sealed class CaseloadPagingTests(AppFixture fixture)
{
    [Fact]
    public async Task Previous_page_returns_to_the_rows_of_the_page_before_and_the_first_page_has_no_previous()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var family = "Pagingback" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 30; i++)
        {
            await caseworker.RegisterChildAsync($"Child{i:00}", family, $"2010-01-{i % 28 + 1:00}");
        }

        var (_, first) = await caseworker.GetPageAsync($"/children?q={family}");
        var firstRows = References(first);
        Assert.Equal(25, firstRows.Count);
        Assert.Null(first.QuerySelector("a[rel=prev]"));
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;

        var (_, second) = await caseworker.GetPageAsync(next);
        var secondRows = References(second);
        Assert.Equal(5, secondRows.Count);
        Assert.Empty(firstRows.Intersect(secondRows));
        Assert.Null(second.QuerySelector("a[rel=next]"));
        var previous = second.QuerySelector("a[rel=prev]")!;
        Assert.Equal("Previous page", previous.TextContent.Trim());

        var (_, back) = await caseworker.GetPageAsync(previous.GetAttribute("href")!);
        Assert.Equal(firstRows, References(back));
        Assert.Null(back.QuerySelector("a[rel=prev]"));
        Assert.Equal(next, back.QuerySelector("a[rel=next]")!.GetAttribute("href"));
    }

    private static List<string> References(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=caseload] tbody td:first-child a").Select(e => e.TextContent.Trim()).ToList();
}
