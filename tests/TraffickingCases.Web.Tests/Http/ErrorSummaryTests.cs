using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using TraffickingCases.Web.Features.Shared;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

public sealed class ErrorSummaryTests
{
    [Theory]
    [InlineData("Form.Name\"><script>alert(1)</script>")]
    [InlineData("Form.Items[<b>bold</b>]")]
    [InlineData("Form.Name' onclick='alert(1)")]
    [InlineData("Form.Reason")]
    public void The_error_summary_links_to_the_field_by_its_id_whatever_characters_the_field_name_holds(string key)
    {
        var modelState = new ModelStateDictionary();
        modelState.AddModelError(key, "Enter a reason");
        var helper = new GovUkErrorSummaryTagHelper
        {
            ViewContext = new ViewContext { ViewData = new ViewDataDictionary(new EmptyModelMetadataProvider(), modelState) },
        };
        var output = new TagHelperOutput("govuk-error-summary", [], (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));

        helper.Process(new TagHelperContext([], new Dictionary<object, object>(), "summary"), output);

        var summary = Session.Parse(output.Content.GetContent()).Body!;
        Assert.Empty(summary.QuerySelectorAll("script, b, [onclick]"));
        var link = Assert.Single(summary.QuerySelectorAll("a"));
        Assert.Equal("Enter a reason", link.TextContent);
        var href = link.GetAttribute("href")!;
        Assert.Matches("^#[A-Za-z0-9_-]+$", href);
        Assert.Equal("#" + GovUk.IdFor(key), href);
    }
}
