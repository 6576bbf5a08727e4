using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Binds every <see cref="DateOnly"/>, <see cref="DateTime"/> and <see cref="DateTimeOffset"/> (nullable or not)
/// from the boxes of a GOV.UK date input: <c>Form.DateOfBirth.Day</c>, <c>.Month</c>, <c>.Year</c> and, for the
/// two types with a time, <c>.Hour</c> and <c>.Minute</c>, read as UK wall-clock time (see <see cref="DateParts"/>).
/// A request that posts no boxes but one value (<c>Form.DateOfBirth=2024-01-31</c> or <c>2024-01-31T21:30</c>, as
/// tests, scripts and links do) is bound as before by the ordinary binder.
/// </summary>
public sealed class GovUkDateModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type != typeof(DateOnly) && type != typeof(DateTime) && type != typeof(DateTimeOffset))
        {
            return null;
        }

        var source = context.BindingInfo.BindingSource;
        if (source is not null && (source == BindingSource.Body || source == BindingSource.Header || source == BindingSource.Services))
        {
            return null;
        }

        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new GovUkDateModelBinder(type, new SimpleTypeModelBinder(context.Metadata.ModelType, loggers));
    }
}

/// <summary>Reads a GOV.UK date (and time) input into a date, a UK wall-clock time or a UTC instant.</summary>
public sealed class GovUkDateModelBinder(Type type, IModelBinder single) : IModelBinder
{
    public static readonly string[] PartNames = ["Day", "Month", "Year", "Hour", "Minute"];

    public async Task BindModelAsync(ModelBindingContext context)
    {
        var name = context.ModelName;
        var values = PartNames.Select(p => context.ValueProvider.GetValue($"{name}.{p}")).ToArray();
        var posted = context.ValueProvider.GetValue(name);
        if (values.All(v => v == ValueProviderResult.None)
            || (posted != ValueProviderResult.None && values.All(v => string.IsNullOrWhiteSpace(v.FirstValue))))
        {
            // No boxes, or empty boxes beside a single value (a script that filled in the form's own fields): the value.
            await single.BindModelAsync(context);
            return;
        }

        var parts = new DateParts(values[0].FirstValue, values[1].FirstValue, values[2].FirstValue, values[3].FirstValue, values[4].FirstValue);
        var withTime = type != typeof(DateOnly);
        var reading = parts.Read(context.ModelMetadata.DisplayName ?? context.ModelMetadata.Name ?? name, withTime);

        // The parts are kept as the raw value, so the form comes back with each box as the person typed it.
        context.ModelState.SetModelValue(name, parts, string.Join(' ', new[] { parts.Day, parts.Month, parts.Year, parts.Hour, parts.Minute }.Where(p => !string.IsNullOrWhiteSpace(p))));
        if (!reading.IsValid)
        {
            context.ModelState.TryAddModelError(name, reading.Error!);
            context.Result = ModelBindingResult.Failed();
            return;
        }

        if (reading.Date is not { } date)
        {
            context.Result = context.ModelMetadata.IsReferenceOrNullableType ? ModelBindingResult.Success(null) : ModelBindingResult.Failed();
            return;
        }

        var local = reading.LocalDateTime!.Value;
        // Boxed one by one: a conditional expression would turn the DateTime into a DateTimeOffset (implicit conversion).
        object value = type == typeof(DateOnly) ? date : type == typeof(DateTime) ? (object)local : UkCalendar.FromLondon(local);
        context.Result = ModelBindingResult.Success(value);
    }
}
