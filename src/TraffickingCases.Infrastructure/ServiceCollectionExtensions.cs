using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Import;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Observability;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Infrastructure.Statistics;

namespace TraffickingCases.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>The case store and the services over it that every host shares.</summary>
    public static IServiceCollection AddCaseStore(this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        // Every context audits what it saves (one interceptor per context: it holds the transaction's pending entries).
        services.AddDbContext<CasesDbContext>((provider, options) =>
        {
            Database.Configure(options, connectionString, retryOnFailure: false);
            options.AddInterceptors(provider.GetRequiredService<AuditInterceptor>());
        });
        // Statistics, the dashboard and exports read ConnectionStrings:CasesReadOnly (a standby), or the primary when unset (ADR 027).
        services.AddReadOnlyCases(Database.ReadOnlyConnectionString(configuration, connectionString));
        services.TryAddScoped<IAuditActorSource, SystemActorSource>();
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<AuditTrail>();
        services.AddOptions<AuditSettings>().Bind(configuration.GetSection(ConfigurationSections.Audit));
        services.AddSingleton<IValidateOptions<AuditSettings>, AuditSettingsValidation>();
        services.AddOptions<AuditSettings>().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditSettings>>().Value);
        services.AddSingleton(sp => new AuditChainer(connectionString, sp.GetRequiredService<AuditSettings>(), sp.GetRequiredService<ILogger<AuditChainer>>(),
            sp.GetRequiredService<CaseTelemetry>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AuditCheckpointer(
            connectionString, sp.GetRequiredService<AuditSettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditCheckpointer>>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<CaseImporter>();
        services.AddScoped<DemoSeeder>();

        // Rule thresholds and sweep settings come from the "Rules" section and are checked at start-up.
        services.AddOptions<RuleThresholds>().Bind(configuration.GetSection(ConfigurationSections.Rules));
        services.AddSingleton<IValidateOptions<RuleThresholds>, RuleThresholdsValidation>();
        services.AddOptions<RuleThresholds>().ValidateOnStart();
        services.AddOptions<SweepSettings>().Bind(configuration.GetSection(ConfigurationSections.Rules))
            .Validate(s => s.SweepIntervalMinutes >= 1 && s.SweepBatchSize >= 1, "Rules:SweepIntervalMinutes and Rules:SweepBatchSize must be 1 or more")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RuleThresholds>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SweepSettings>>().Value);
        services.AddScoped<RulesService>();

        services.AddOptions<MatchSettings>().Bind(configuration.GetSection(ConfigurationSections.Matching));
        services.AddSingleton<IValidateOptions<MatchSettings>, MatchSettingsValidation>();
        services.AddOptions<MatchSettings>().ValidateOnStart();
        services.AddSingleton(sp => new Matcher(sp.GetRequiredService<IOptions<MatchSettings>>().Value));
        services.AddSingleton<MatchModels>();
        services.AddSingleton<DateFrequencies>();
        services.AddSingleton<KeyFrequencies>();
        services.AddScoped<MatchTrainer>();
        services.AddScoped<CandidateSearch>();
        services.AddScoped<MatchFile>();
        services.AddScoped<MatchFlagger>();
        services.AddScoped<MergeService>();
        services.AddScoped<RecordCorrections>();
        services.AddScoped<CaseSupervision>();
        services.AddScoped<MatchDecisionService>();
        services.AddScoped<ChildChanges>();
        services.AddScoped<ChildSummaries>();
        services.AddSingleton<FlagSweeper>();

        // The app's own spans and measurements (ADR 030); exported only where the host turns OpenTelemetry on.
        services.AddMetrics();
        services.AddSingleton<CaseTelemetry>();
        services.AddSingleton<IChildChangeHook, FlagTelemetryHook>();

        // Exports: the pseudonym key is checked when an export runs, so hosts that never export need not hold it.
        services.AddOptions<ExportSettings>().Bind(configuration.GetSection(ConfigurationSections.Exports))
            .Validate(s => s.FlushEveryRows >= 1 && s.MinimumJustificationLength >= 1, "Exports:FlushEveryRows and Exports:MinimumJustificationLength must be 1 or more")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ExportSettings>>().Value);
        services.TryAddScoped<IExportAudit, AuditTrailExportAudit>();
        services.TryAddSingleton<IExportProgress, NoExportProgress>();
        services.AddScoped<Exporter>();
        services.AddScoped<ExportRequestValidator>();

        services.AddOptions<StatisticsSettings>().Bind(configuration.GetSection(ConfigurationSections.Statistics))
            .Validate(s => s.SuppressionThreshold >= 1 && s.RoundTotalsTo >= 1, "Statistics:SuppressionThreshold and Statistics:RoundTotalsTo must be 1 or more")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StatisticsSettings>>().Value);
        services.AddScoped<StatisticsService>();
        services.AddSingleton<DashboardCache>();
        services.AddScoped<DashboardFigures>();
        services.AddScoped<DashboardTrendReader>();

        // Notifications: the dispatcher, the email sender and the daily digest, each one instance at a time (ADR 024).
        services.AddOptions<NotificationSettings>().Bind(configuration.GetSection(ConfigurationSections.Notifications)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationSettings>, NotificationSettingsValidation>();
        services.AddOptions<EmailSettings>().Bind(configuration.GetSection(ConfigurationSections.Email)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailSettings>, EmailSettingsValidation>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<NotificationSettings>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmailSettings>>().Value);
        services.AddSingleton(sp => new NotificationDispatcher(connectionString, sp.GetRequiredService<NotificationSettings>(),
            sp.GetRequiredService<EmailSettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<NotificationDispatcher>>()));
        services.AddSingleton(sp => new EmailSender(connectionString, sp.GetRequiredService<EmailSettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EmailSender>>()));
        services.AddSingleton(sp => new DailyDigest(connectionString, sp.GetRequiredService<NotificationSettings>(),
            sp.GetRequiredService<EmailSettings>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DailyDigest>>()));
        return services;
    }

    /// <summary>Identity without cookies, for hosts that manage users but sign nobody in (the CLI).</summary>
    public static IServiceCollection AddUserStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAppDataProtection(configuration); // token providers protect with the keys the web app uses
        services.AddIdentityCore<AppUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CasesDbContext>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddAppTokenProviders();
        return services;
    }
}

/// <summary>Refuses to start with rule thresholds that make no sense, naming each setting to fix.</summary>
internal sealed class RuleThresholdsValidation : IValidateOptions<RuleThresholds>
{
    public ValidateOptionsResult Validate(string? name, RuleThresholds options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Refuses to start with audit settings that make no sense, naming each setting to fix.</summary>
internal sealed class AuditSettingsValidation : IValidateOptions<AuditSettings>
{
    public ValidateOptionsResult Validate(string? name, AuditSettings options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Refuses to start with match thresholds that make no sense, naming each setting to fix.</summary>
internal sealed class MatchSettingsValidation : IValidateOptions<MatchSettings>
{
    public ValidateOptionsResult Validate(string? name, MatchSettings options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Refuses to start with notification settings that make no sense, naming each setting to fix.</summary>
internal sealed class NotificationSettingsValidation : IValidateOptions<NotificationSettings>
{
    public ValidateOptionsResult Validate(string? name, NotificationSettings options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>Refuses to start with email settings that make no sense, naming each setting to fix.</summary>
internal sealed class EmailSettingsValidation : IValidateOptions<EmailSettings>
{
    public ValidateOptionsResult Validate(string? name, EmailSettings options)
    {
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
