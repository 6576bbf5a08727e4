using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.EntityFrameworkCore;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using TraffickingCases.Infrastructure;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Features.Account;
using TraffickingCases.Web.Features.Children;
using TraffickingCases.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSerilog((services, logging) =>
{
    logging.ReadFrom.Services(services)
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
        .Enrich.FromLogContext()
        .Enrich.WithProperty("Application", "TraffickingCases")
        .Filter.ByExcluding(DatabaseFaultPage.IsRepeatOfOutage); // one warning per request while the database is away (ADR 026)
    if (builder.Environment.IsDevelopment())
    {
        // The trace id joins a line to its request's spans and audit entries (the JSON below carries it as @tr).
        logging.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {TraceId}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture);
    }
    else if (builder.Environment.IsEnvironment("Testing"))
    {
        // Tests capture every event themselves; the console shows only what needs attention.
        logging.WriteTo.Console(new CompactJsonFormatter(), restrictedToMinimumLevel: LogEventLevel.Warning);
    }
    else
    {
        logging.WriteTo.Console(new CompactJsonFormatter());
    }
}, preserveStaticLogger: true); // each host its own logger: tests run several hosts in one process

builder.Services.AddCaseStore(Database.ConnectionString(builder.Configuration), builder.Configuration);
builder.Services.AddHttpContextAccessor();
builder.Services.AddServerTiming(builder.Configuration);
builder.AddTelemetry(); // OpenTelemetry traces and metrics, only when an OTLP endpoint is configured (ADR 030)
builder.Services.AddScoped<IAuditActorSource, HttpAuditActorSource>();
builder.Services.AddOptions<SimilarChildrenSettings>().Bind(builder.Configuration.GetSection(ConfigurationSections.Matching))
    .Validate(s => s.CrossOrganisationLookupsPerHour >= 0, "Matching:CrossOrganisationLookupsPerHour must be 0 or more")
    .ValidateOnStart();
builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SimilarChildrenSettings>>().Value);
builder.Services.AddScoped<SimilarChildrenLookup>();
builder.Services.AddSingleton<TraffickingCases.Web.Features.Flags.QueueTotals>();
builder.Services.AddIdentity<AppUser, IdentityRole>(IdentitySettings.Apply)
    .AddEntityFrameworkStores<CasesDbContext>()
    .AddSignInManager<UniformSignInManager>()
    .AddPasswordValidator<PasswordPolicy>()
    .AddAppTokenProviders()
    .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>();
builder.Services.Configure<InvitationTokenProviderOptions>(_ => { });
builder.AddTransportSecurity();
builder.AddKeysAndSecrets();
builder.Services.AddServerSessions(Database.ConnectionString(builder.Configuration));
builder.AddSecondFactor();
builder.AddThrottling();
var requireHttps = TransportSecurity.RequireHttps(builder.Configuration, builder.Environment);
builder.Services.ConfigureApplicationCookie(cookie =>
{
    cookie.LoginPath = "/sign-in";
    cookie.LogoutPath = "/sign-out";
    cookie.AccessDeniedPath = "/access-denied";
    cookie.Cookie.Name = TransportSecurity.CookieName(TransportSecurity.SessionCookie, requireHttps);
    cookie.Cookie.HttpOnly = true;
    cookie.Cookie.SameSite = SameSiteMode.Strict;
    cookie.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    // A shared office computer left signed in is the realistic threat: a short, sliding session.
    // Held on the server (ServerSessions.cs): idle 30 minutes, absolute 12 hours, ended at once by a change to the user.
    cookie.ExpireTimeSpan = ServerTicketStore.IdleLifetime;
    cookie.SlidingExpiration = true;
});
builder.Services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, cookie =>
{
    cookie.Cookie.Name = TransportSecurity.CookieName("tc_second_factor", requireHttps);
    cookie.Cookie.HttpOnly = true;
    cookie.Cookie.SameSite = SameSiteMode.Strict;
    cookie.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    cookie.ExpireTimeSpan = TimeSpan.FromMinutes(5);
});
// A disabled or changed account loses its sessions within a minute, not Identity's default 30.
builder.Services.Configure<SecurityStampValidatorOptions>(o =>
{
    o.ValidationInterval = TimeSpan.FromMinutes(1);
    o.OnRefreshingPrincipal = ServerTicketStore.KeepSessionClaims; // the session key and how the person signed in
});
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddTransient<IStartupFilter, TraffickingCases.Web.Features.Exports.ThrottledExportAudit>(); // a 429 to an export is audited

builder.Services.AddControllersWithViews(options =>
    {
        options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        options.Filters.Add<SecondFactorGate>();
        // Our forms post MVC names ("Form.Names[0]"); the jQuery-style readers are unused and throw on a name
        // such as "Email[" (a 500 for a hand-made request), so the ordinary readers alone bind.
        options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
        options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        ModelBindingMessages.Apply(options.ModelBindingMessageProvider);
        options.ModelBinderProviders.Insert(0, new GovUkDateModelBinderProvider()); // GOV.UK date inputs: day, month, year (hour, minute)
    })
    .AddRazorOptions(options =>
    {
        options.ViewLocationFormats.Clear();
        options.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
        options.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
    });
builder.Services.AddHostedService<SweepBackgroundService>();
builder.Services.AddHostedService<AuditChainBackgroundService>();
builder.Services.AddHostedService<AuditCheckpointBackgroundService>();
builder.Services.AddHostedService<NotificationBackgroundService>();
builder.Services.AddHealthChecks().AddDbContextCheck<CasesDbContext>("database", tags: ["ready"]);
builder.Services.AddExceptionHandler<DatabaseFaultPage>(); // database down, restarting or too slow: 503, try again (ADR 026)

var app = builder.Build();

if (app.Configuration.GetValue<bool>("Database:MigrateOnStartup"))
{
    await using var scope = app.Services.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
    await db.Database.MigrateAsync();
    await TraffickingCases.Infrastructure.Matching.CandidateSearch.BackfillKeysAsync(db, CancellationToken.None);
}

await app.RefuseUnsafeStartAsync();

app.UseTransportSecurity();
app.UseServerTiming();
app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseSecurityHeaders();
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("en-GB"),
    SupportedCultures = [CultureInfo.GetCultureInfo("en-GB")],
    SupportedUICultures = [CultureInfo.GetCultureInfo("en-GB")],
});
app.UseStaticFiles();
app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetService<Serilog.ILogger>()); // logs the path, never the query string, so searches for names stay out of logs
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseThrottling();

// Anonymous: load balancers and orchestrators probe these without signing in.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapControllers();

await app.RunAsync();

/// <summary>The web host; public so integration tests can start it.</summary>
public partial class Program;
