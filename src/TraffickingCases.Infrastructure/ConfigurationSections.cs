using Microsoft.Extensions.Options;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Infrastructure.Statistics;

namespace TraffickingCases.Infrastructure;

/// <summary>The configuration sections the case store's settings come from, and start-up failures that name the section at fault.</summary>
public static class ConfigurationSections
{
    public const string Rules = "Rules";
    public const string Matching = "Matching";
    public const string Exports = "Exports";
    public const string Statistics = "Statistics";
    public const string Audit = "Audit";
    public const string Notifications = "Notifications";
    public const string Email = "Email";

    /// <summary>The section an options type is bound from (its type name for one bound elsewhere).</summary>
    public static string Of(Type optionsType) => optionsType switch
    {
        _ when optionsType == typeof(RuleThresholds) || optionsType == typeof(SweepSettings) => Rules,
        _ when optionsType == typeof(MatchSettings) => Matching,
        _ when optionsType == typeof(ExportSettings) => Exports,
        _ when optionsType == typeof(StatisticsSettings) => Statistics,
        _ when optionsType == typeof(AuditSettings) => Audit,
        _ when optionsType == typeof(NotificationSettings) => Notifications,
        _ when optionsType == typeof(EmailSettings) => Email,
        _ => optionsType.Name,
    };

    /// <summary>One line per section at fault: "the Matching configuration is not valid: …".</summary>
    public static IReadOnlyList<string> Describe(Exception failure) => failure switch
    {
        OptionsValidationException e => [$"the {Of(e.OptionsType)} configuration is not valid: {string.Join("; ", e.Failures)}"],
        AggregateException e => e.InnerExceptions.SelectMany(Describe).ToList(),
        _ => [failure.Message],
    };

    /// <summary>True for the failures <see cref="Describe"/> explains: settings refused by their validation.</summary>
    public static bool IsInvalidSettings(Exception failure) => failure switch
    {
        OptionsValidationException => true,
        AggregateException e => e.InnerExceptions.Count > 0 && e.InnerExceptions.All(IsInvalidSettings),
        _ => false,
    };
}
