using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>Binding errors in words a caseworker understands, instead of "The value 'x' is not valid for Y".</summary>
public static class ModelBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"'{value}' is not a valid {field.ToLowerInvariant()}");
        messages.SetValueMustNotBeNullAccessor(field => $"Enter {field.ToLowerInvariant()}");
        messages.SetMissingBindRequiredValueAccessor(field => $"Enter {field.ToLowerInvariant()}");
        messages.SetValueIsInvalidAccessor(value => $"'{value}' is not valid");
        messages.SetUnknownValueIsInvalidAccessor(field => $"Enter a valid {field.ToLowerInvariant()}");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"'{value}' is not valid");
        messages.SetValueMustBeANumberAccessor(field => $"{field} must be a number");
    }
}
