using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Web.Features.Shared;

/// <summary>
/// A GOV.UK date input for a <see cref="DateOnly"/> property (day, month, year) or, for a <see cref="DateTime"/>
/// (UK wall-clock) or <see cref="DateTimeOffset"/> property, a date and a time (hour and minute, 24-hour clock):
/// <c>&lt;govuk-date-input asp-for="Form.DateOfBirth" label="Date of birth" /&gt;</c>. The boxes post as
/// <c>Form.DateOfBirth.Day</c> and so on, which <see cref="Infrastructure.GovUkDateModelBinder"/> reads; an error
/// marks the boxes at fault, and the error summary links to the first of them.
/// </summary>
[HtmlTargetElement("govuk-date-input", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkDateInputTagHelper : GovUkFieldTagHelper
{
    /// <summary>The legend's size class; a small question unless the page asks for another.</summary>
    [HtmlAttributeName("legend-class")]
    public string LegendClass { get; set; } = "govuk-fieldset__legend--s";

    private DateInputBoxes Boxes
    {
        get
        {
            var type = Nullable.GetUnderlyingType(For.Metadata.ModelType) ?? For.Metadata.ModelType;
            var withTime = type == typeof(DateTime) || type == typeof(DateTimeOffset);
            return new DateInputBoxes(Id, Name, withTime, Typed(withTime) ?? FromModel(), Error);
        }
    }

    protected override string Anchor => Boxes.Anchor;

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        WriteGroup(output, Boxes.Html(LabelText, Hint, LegendClass));

    /// <summary>The boxes as the person typed them, when the form came back; a single posted value read as ISO.</summary>
    private DateParts? Typed(bool withTime)
    {
        if (!ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry))
        {
            return null;
        }

        if (entry.RawValue is DateParts parts)
        {
            return parts;
        }

        if (entry.AttemptedValue is { } single)
        {
            if (DateTime.TryParse(single, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return DateParts.Of(DateOnly.FromDateTime(parsed), withTime ? TimeOnly.FromDateTime(parsed) : null);
            }

            // Not a date at all: the day box shows it, so nothing typed is lost.
            return new DateParts(single, null, null);
        }

        return null;
    }

    private DateParts? FromModel() => For.Model switch
    {
        DateOnly d => DateParts.Of(d),
        DateTime t => DateParts.Of(DateOnly.FromDateTime(t), TimeOnly.FromDateTime(t)),
        DateTimeOffset o => DateParts.Of(DateOnly.FromDateTime(UkCalendar.ToLondon(o)), TimeOnly.FromDateTime(UkCalendar.ToLondon(o))),
        _ => null,
    };
}

/// <summary>
/// A GOV.UK date input written by a view without a model property (a form whose values come back through TempData):
/// <c>&lt;govuk-date-input name="Risk.ReviewOn" label="Review by" value="@parts" error="@message" /&gt;</c>.
/// </summary>
[HtmlTargetElement("govuk-date-input", Attributes = "name", TagStructure = TagStructure.WithoutEndTag)]
public sealed class GovUkNamedDateInputTagHelper : TagHelper
{
    [HtmlAttributeName("name")]
    public string Name { get; set; } = null!;

    [HtmlAttributeName("id")]
    public string? Id { get; set; }

    [HtmlAttributeName("label")]
    public string Label { get; set; } = null!;

    [HtmlAttributeName("hint")]
    public string? Hint { get; set; }

    [HtmlAttributeName("value")]
    public DateParts? Value { get; set; }

    [HtmlAttributeName("error")]
    public string? Error { get; set; }

    [HtmlAttributeName("time")]
    public bool WithTime { get; set; }

    [HtmlAttributeName("legend-class")]
    public string LegendClass { get; set; } = "govuk-fieldset__legend--s";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var error = Error ?? (ViewContext.ViewData.ModelState.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null);
        var value = Value ?? (ViewContext.ViewData.ModelState.TryGetValue(Name, out var typed) ? typed.RawValue as DateParts : null);
        var boxes = new DateInputBoxes(Id ?? GovUk.IdFor(Name), Name, WithTime, value, error);
        GovUkFieldOrder.Of(ViewContext).Add(Name, boxes.Anchor);
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-form-group" + (error is null ? string.Empty : " govuk-form-group--error"));
        output.Content.SetHtmlContent(boxes.Html(Label, Hint, LegendClass));
    }
}

/// <summary>The markup of a GOV.UK date (and time) input: a fieldset, a legend, a hint, an error and the boxes.</summary>
internal sealed record DateInputBoxes(string Id, string Name, bool WithTime, DateParts? Parts, string? Error)
{
    private static HtmlEncoder Encoder => HtmlEncoder.Default;

    /// <summary>The boxes at fault: those the reading names, or all of them when the date itself was refused.</summary>
    public IReadOnlyList<DatePart> Wrong
    {
        get
        {
            if (Error is null)
            {
                return [];
            }

            var wrong = Parts is { } typed ? typed.Read("Date", WithTime).WrongParts : [];
            return wrong.Count > 0 ? wrong : WithTime ? [DatePart.Day, DatePart.Month, DatePart.Year, DatePart.Hour, DatePart.Minute] : [DatePart.Day, DatePart.Month, DatePart.Year];
        }
    }

    /// <summary>The id the error summary links to: the first box at fault.</summary>
    public string Anchor => $"{Id}-{PartId(Wrong.Count > 0 ? Wrong[0] : DatePart.Day)}";

    public string Html(string legend, string? hint, string legendClass)
    {
        var parts = Parts ?? new DateParts(null, null, null);
        var wrong = Wrong;
        var example = WithTime ? "For example, 27 3 2007 and 21 30 for 9:30pm (UK time, 24-hour clock)" : "For example, 27 3 2007";
        var hintText = hint is null ? example : $"{hint.TrimEnd('.')}. {example}";
        var html = new StringBuilder();
        var describedBy = $"{Id}-hint" + (Error is null ? string.Empty : $" {Id}-error");
        html.Append($"<fieldset class=\"govuk-fieldset\" role=\"group\" aria-describedby=\"{describedBy}\">");
        html.Append($"<legend class=\"govuk-fieldset__legend {legendClass}\">{Encoder.Encode(legend)}</legend>");
        html.Append($"<div id=\"{Id}-hint\" class=\"govuk-hint\">{Encoder.Encode(hintText)}</div>");
        if (Error is not null)
        {
            html.Append($"<p id=\"{Id}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {Encoder.Encode(Error)}</p>");
        }

        html.Append($"<div class=\"govuk-date-input app-date-input\" id=\"{Id}\">");
        Box(html, DatePart.Day, parts.Day, 2, wrong);
        Box(html, DatePart.Month, parts.Month, 2, wrong);
        Box(html, DatePart.Year, parts.Year, 4, wrong);
        if (WithTime)
        {
            Box(html, DatePart.Hour, parts.Hour, 2, wrong);
            Box(html, DatePart.Minute, parts.Minute, 2, wrong);
        }

        html.Append("</div></fieldset>");
        return html.ToString();
    }

    private void Box(StringBuilder html, DatePart part, string? value, int width, IReadOnlyList<DatePart> wrong)
    {
        var id = $"{Id}-{PartId(part)}";
        var label = part.ToString();
        var error = wrong.Contains(part) ? " govuk-input--error" : string.Empty;
        var itemClass = part == DatePart.Hour ? "govuk-date-input__item app-date-input__time" : "govuk-date-input__item";
        html.Append($"<div class=\"{itemClass}\"><div class=\"govuk-form-group\">");
        html.Append($"<label class=\"govuk-label govuk-date-input__label\" for=\"{id}\">{label}</label>");
        html.Append($"<input class=\"govuk-input govuk-date-input__input govuk-input--width-{width}{error}\" id=\"{id}\" name=\"{Name}.{label}\" type=\"text\" inputmode=\"numeric\"");
        if (!string.IsNullOrEmpty(value))
        {
            html.Append($" value=\"{Encoder.Encode(value)}\"");
        }

        html.Append("></div></div>");
    }

    private static string PartId(DatePart part) => part.ToString().ToLowerInvariant();
}
