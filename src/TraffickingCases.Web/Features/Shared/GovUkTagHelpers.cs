using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace TraffickingCases.Web.Features.Shared;

/// <summary>Shared behaviour of the GOV.UK form field tag helpers: names, ids, values and errors.</summary>
public abstract class GovUkFieldTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = null!;

    [HtmlAttributeName("label")]
    public string? Label { get; set; }

    [HtmlAttributeName("hint")]
    public string? Hint { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    protected static HtmlEncoder Html => HtmlEncoder.Default;

    protected string Name => For.Name;

    protected string Id => GovUk.IdFor(For.Name);

    /// <summary>The element the error summary links to: the field, or its first box in error.</summary>
    protected virtual string Anchor => Id;

    protected string LabelText => Label ?? For.Metadata.DisplayName ?? For.Metadata.Name ?? For.Name;

    protected string? Error =>
        ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) && entry.Errors.Count > 0
            ? entry.Errors[0].ErrorMessage
            : null;

    /// <summary>The value to show: what the person typed when the form came back with errors, else the model's.</summary>
    protected string? Value(Func<object?, string?>? format = null)
    {
        if (ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) && entry.AttemptedValue is not null)
        {
            return entry.AttemptedValue;
        }

        return format is null ? For.Model?.ToString() : format(For.Model);
    }

    protected string Describedby(string? extra = null)
    {
        var ids = new List<string>();
        if (Hint is not null)
        {
            ids.Add(Id + "-hint");
        }

        if (Error is not null)
        {
            ids.Add(Id + "-error");
        }

        if (extra is not null)
        {
            ids.Add(extra);
        }

        return ids.Count == 0 ? string.Empty : $" aria-describedby=\"{string.Join(' ', ids)}\"";
    }

    protected void HintAndError(StringBuilder html)
    {
        if (Hint is not null)
        {
            html.Append($"<div id=\"{Id}-hint\" class=\"govuk-hint\">{Html.Encode(Hint)}</div>");
        }

        if (Error is not null)
        {
            html.Append($"<p id=\"{Id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {Html.Encode(Error)}</p>");
        }
    }

    protected void WriteGroup(TagHelperOutput output, string inner)
    {
        GovUkFieldOrder.Of(ViewContext).Add(Name, Anchor);
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-form-group" + (Error is null ? string.Empty : " govuk-form-group--error"));
        output.Content.SetHtmlContent(inner);
    }
}

/// <summary>Helpers shared by views and tag helpers.</summary>
public static class GovUk
{
    /// <summary>
    /// A field's element id from its name: letters, digits, '-' and '_' kept, anything else (the '.', '[' and ']' of
    /// a model path, or whatever a hand-made request put in a name) turned into '_', so the id is also safe as a
    /// URL fragment and inside an attribute.
    /// </summary>
    public static string IdFor(string name) =>
        string.Create(name.Length, name, static (id, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                id[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '-' or '_' ? source[i] : '_';
            }
        });
}

/// <summary>A GOV.UK text input: <c>&lt;govuk-input asp-for="FamilyName" label="Family name" /&gt;</c>.</summary>
[HtmlTargetElement("govuk-input", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkInputTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("type")]
    public string Type { get; set; } = "text";

    [HtmlAttributeName("width")]
    public string? Width { get; set; }

    [HtmlAttributeName("autocomplete")]
    public string? Autocomplete { get; set; }

    [HtmlAttributeName("spellcheck")]
    public bool? Spellcheck { get; set; }

    [HtmlAttributeName("label-class")]
    public string? LabelClass { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var value = Value(model => model switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            null => null,
            _ => model.ToString(),
        });
        var html = new StringBuilder();
        html.Append($"<label class=\"govuk-label{(LabelClass is null ? string.Empty : " " + LabelClass)}\" for=\"{Id}\">{Html.Encode(LabelText)}</label>");
        HintAndError(html);
        var classes = "govuk-input" + (Width is null ? string.Empty : $" govuk-input--width-{Width}") + (Error is null ? string.Empty : " govuk-input--error");
        html.Append($"<input class=\"{classes}\" id=\"{Id}\" name=\"{Name}\" type=\"{Type}\"");
        if (Type != "password" && value is not null)
        {
            html.Append($" value=\"{Html.Encode(value)}\"");
        }

        if (Autocomplete is not null)
        {
            html.Append($" autocomplete=\"{Autocomplete}\"");
        }

        if (Spellcheck is not null)
        {
            html.Append($" spellcheck=\"{(Spellcheck.Value ? "true" : "false")}\"");
        }

        html.Append(Describedby()).Append('>');
        WriteGroup(output, html.ToString());
    }
}

/// <summary>A GOV.UK textarea.</summary>
[HtmlTargetElement("govuk-textarea", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkTextareaTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("rows")]
    public int Rows { get; set; } = 5;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var html = new StringBuilder();
        html.Append($"<label class=\"govuk-label\" for=\"{Id}\">{Html.Encode(LabelText)}</label>");
        HintAndError(html);
        html.Append($"<textarea class=\"govuk-textarea{(Error is null ? string.Empty : " govuk-textarea--error")}\" id=\"{Id}\" name=\"{Name}\" rows=\"{Rows}\"{Describedby()}>");
        html.Append(Html.Encode(Value() ?? string.Empty)).Append("</textarea>");
        WriteGroup(output, html.ToString());
    }
}

/// <summary>A GOV.UK select.</summary>
[HtmlTargetElement("govuk-select", Attributes = "asp-for,asp-items", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkSelectTagHelper : GovUkFieldTagHelper
{
    [HtmlAttributeName("asp-items")]
    public IEnumerable<SelectListItem> Items { get; set; } = [];

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var current = Value();
        var html = new StringBuilder();
        html.Append($"<label class=\"govuk-label\" for=\"{Id}\">{Html.Encode(LabelText)}</label>");
        HintAndError(html);
        html.Append($"<select class=\"govuk-select{(Error is null ? string.Empty : " govuk-select--error")}\" id=\"{Id}\" name=\"{Name}\"{Describedby()}>");
        foreach (var item in Items)
        {
            var selected = item.Value == (current ?? string.Empty) ? " selected" : string.Empty;
            html.Append($"<option value=\"{Html.Encode(item.Value)}\"{selected}>{Html.Encode(item.Text)}</option>");
        }

        html.Append("</select>");
        WriteGroup(output, html.ToString());
    }
}

/// <summary>
/// The GOV.UK error summary, listing every error in ModelState with a link to its field, in the order the fields
/// appear on the page (ModelState keeps its keys in alphabetical order). The list is written when the page is, after
/// every field below the summary has rendered and said where it is (<see cref="GovUkFieldOrder"/>); errors not on a
/// field (a conflict) come first, errors of fields the page does not show last.
/// </summary>
[HtmlTargetElement("govuk-error-summary", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkErrorSummaryTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.ModelState.ErrorCount == 0)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-error-summary");
        output.Attributes.SetAttribute("data-module", "govuk-error-summary");
        output.Content.SetHtmlContent(new Errors(ViewContext.ViewData.ModelState, GovUkFieldOrder.Of(ViewContext)));
    }

    private sealed class Errors(ModelStateDictionary modelState, GovUkFieldOrder fields) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            var errors = modelState
                .Where(kv => kv.Value is { Errors.Count: > 0 })
                .Select((kv, index) => (kv.Key, Message: kv.Value!.Errors[0].ErrorMessage, Order: kv.Key.Length == 0 ? -1 : fields.IndexOf(kv.Key) ?? int.MaxValue, index))
                .OrderBy(e => e.Order).ThenBy(e => e.index)
                .ToList();
            var html = new StringBuilder();
            html.Append("<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">");
            foreach (var (key, message, _, _) in errors)
            {
                var encoded = HtmlEncoder.Default.Encode(message);
                html.Append(key.Length == 0
                    ? $"<li>{encoded}</li>"
                    : $"<li><a href=\"#{HtmlEncoder.Default.Encode(fields.AnchorOf(key) ?? GovUk.IdFor(key))}\">{encoded}</a></li>");
            }

            html.Append("</ul></div></div>");
            writer.Write(html.ToString());
        }
    }
}

/// <summary>
/// The fields of the page in the order they render, each with the element its error links to. Fields drawn by the
/// tag helpers add themselves; a field written by hand in a view adds itself with <see cref="Add"/>.
/// </summary>
public sealed class GovUkFieldOrder
{
    private readonly List<(string Key, string Anchor)> _fields = [];

    public static GovUkFieldOrder Of(ViewContext view)
    {
        var items = view.HttpContext?.Items;
        if (items is null)
        {
            return view.ViewData["GovUkFieldOrder"] as GovUkFieldOrder ?? (GovUkFieldOrder)(view.ViewData["GovUkFieldOrder"] = new GovUkFieldOrder());
        }

        if (items.TryGetValue(typeof(GovUkFieldOrder), out var existing) && existing is GovUkFieldOrder order)
        {
            return order;
        }

        var created = new GovUkFieldOrder();
        items[typeof(GovUkFieldOrder)] = created;
        return created;
    }

    /// <summary>Records a field (its ModelState key) and the id of the element its error summary link focuses.</summary>
    public void Add(string key, string anchor)
    {
        if (IndexOf(key) is null)
        {
            _fields.Add((key, anchor));
        }
    }

    public int? IndexOf(string key)
    {
        var index = _fields.FindIndex(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index;
    }

    public string? AnchorOf(string key) => IndexOf(key) is { } index ? _fields[index].Anchor : null;
}
