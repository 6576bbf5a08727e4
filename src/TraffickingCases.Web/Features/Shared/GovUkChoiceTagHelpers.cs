using System.Text;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TraffickingCases.Web.Features.Shared;

/// <summary>
/// GOV.UK radios (one choice) or checkboxes (several), in a fieldset with a legend. Questions that only make sense
/// after one answer go inside it, in a <c>&lt;govuk-reveal value="true"&gt;</c>: they show beneath that answer
/// when it is chosen (govuk-radios__conditional), and always when JavaScript is off.
/// </summary>
[HtmlTargetElement("govuk-radios", Attributes = "asp-for,asp-items")]
[HtmlTargetElement("govuk-checkboxes", Attributes = "asp-for,asp-items")]
public sealed class GovUkChoicesTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("asp-items")]
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    [HtmlAttributeName("inline")]
    public bool Inline { get; set; }

    [HtmlAttributeName("small")]
    public bool Small { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        // The question comes before the questions it reveals, in the error summary as on the page.
        GovUkFieldOrder.Of(ViewContext).Add(Name, Anchor);
        var reveals = new Dictionary<string, string>(StringComparer.Ordinal);
        context.Items[typeof(GovUkRevealTagHelper)] = reveals;
        await output.GetChildContentAsync();
        context.Items.Remove(typeof(GovUkRevealTagHelper));

        var multiple = output.TagName == "govuk-checkboxes";
        var kind = multiple ? "checkboxes" : "radios";
        var chosen = Chosen();
        var html = new StringBuilder();
        html.Append($"<fieldset class=\"govuk-fieldset\"{Describedby()}>");
        html.Append($"<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{Html.Encode(LabelText)}</legend>");
        HintAndError(html);
        var classes = $"govuk-{kind}" + (Inline ? $" govuk-{kind}--inline" : string.Empty) + (Small ? $" govuk-{kind}--small" : string.Empty);
        html.Append($"<div class=\"{classes}\" data-module=\"govuk-{kind}\">");
        var index = 0;
        foreach (var item in Items)
        {
            var id = index == 0 ? Id : $"{Id}-{index + 1}";
            var isChecked = chosen.Contains(item.Value) ? " checked" : string.Empty;
            html.Append($"<div class=\"govuk-{kind}__item\">");
            var reveal = reveals.GetValueOrDefault(item.Value);
            var controls = reveal is null ? string.Empty : $" data-aria-controls=\"conditional-{id}\"";
            html.Append($"<input class=\"govuk-{kind}__input\" id=\"{id}\" name=\"{Name}\" type=\"{(multiple ? "checkbox" : "radio")}\" value=\"{Html.Encode(item.Value)}\"{isChecked}{controls}>");
            html.Append($"<label class=\"govuk-label govuk-{kind}__label\" for=\"{id}\">{Html.Encode(item.Text)}</label>");
            html.Append("</div>");
            if (reveal is not null)
            {
                html.Append($"<div class=\"govuk-{kind}__conditional{(isChecked.Length == 0 ? $" govuk-{kind}__conditional--hidden" : string.Empty)}\" id=\"conditional-{id}\">{reveal}</div>");
            }

            index++;
        }

        html.Append("</div></fieldset>");
        WriteGroup(output, html.ToString());
    }

    private HashSet<string> Chosen()
    {
        if (ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) && entry.RawValue is not null)
        {
            return entry.RawValue switch
            {
                string s => [s],
                string[] many => [.. many],
                _ => [entry.AttemptedValue ?? string.Empty],
            };
        }

        // Nothing saved yet checks the radio whose value is empty ("Not recorded", "Not graded yet"), if there is one.
        return For.Model switch
        {
            null => [string.Empty],
            string s => [s],
            bool b => [b ? "true" : "false"],
            System.Collections.IEnumerable many => [.. many.Cast<object>().Select(o => o.ToString() ?? string.Empty)],
            var one => [one.ToString() ?? string.Empty],
        };
    }
}

/// <summary>The questions revealed by one answer of the <c>govuk-radios</c> or <c>govuk-checkboxes</c> around it.</summary>
[HtmlTargetElement("govuk-reveal", Attributes = "value")]
public sealed class GovUkRevealTagHelper : TagHelper
{
    [HtmlAttributeName("value")]
    public string Value { get; set; } = string.Empty;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = await output.GetChildContentAsync();
        if (context.Items.TryGetValue(typeof(GovUkRevealTagHelper), out var found) && found is Dictionary<string, string> reveals)
        {
            reveals[Value] = content.GetContent();
        }

        output.SuppressOutput();
    }
}

/// <summary>A single GOV.UK checkbox bound to a boolean.</summary>
[HtmlTargetElement("govuk-checkbox", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkCheckboxTagHelper : GovUkFieldTagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var isChecked = For.Model is true ? " checked" : string.Empty;
        if (ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) && entry.RawValue is not null)
        {
            var raw = entry.RawValue is string[] values ? values : [entry.AttemptedValue ?? string.Empty];
            isChecked = raw.Contains("true") ? " checked" : string.Empty;
        }

        var html = new StringBuilder();
        HintAndError(html);
        html.Append("<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">");
        html.Append($"<input class=\"govuk-checkboxes__input\" id=\"{Id}\" name=\"{Name}\" type=\"checkbox\" value=\"true\"{isChecked}{Describedby()}>");
        html.Append($"<label class=\"govuk-label govuk-checkboxes__label\" for=\"{Id}\">{Html.Encode(LabelText)}</label>");
        html.Append("</div></div>");
        // Unchecked boxes post nothing; the hidden false makes the binder see "false" rather than "missing".
        html.Append($"<input type=\"hidden\" name=\"{Name}\" value=\"false\">");
        WriteGroup(output, html.ToString());
    }
}
