using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// How the app sits behind a TLS proxy (issue 13, finding 8): the client's address and scheme taken only from configured
/// proxies, HTTPS required with HSTS and a redirect, cookies Secure with the <c>__Host-</c> prefix, and no server banner.
/// Every control is a setting (section <c>Security</c>), on by default outside Development; tests switch them by setting.
/// </summary>
public static class TransportSecurity
{
    public const string SessionCookie = "tc_session";

    public const string AntiforgeryCookie = "tc_antiforgery";

    /// <summary>Whether HTTPS is required: <c>Security:RequireHttps</c>, by default everywhere but Development.</summary>
    public static bool RequireHttps(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Security:RequireHttps") ?? !environment.IsDevelopment();

    /// <summary>A cookie's name: with HTTPS required, <c>__Host-</c> binds it to this host, Secure and path /.</summary>
    public static string CookieName(string name, bool requireHttps) => requireHttps ? "__Host-" + name : name;

    public static void AddTransportSecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var requireHttps = RequireHttps(configuration, builder.Environment);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // Forwarded headers only from the proxies named (loopback by default, as a proxy on the same machine): anyone else's
        // X-Forwarded-For is ignored, so the address the audit trail records cannot be made up by the client.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = configuration.GetValue("Security:ForwardLimit", 1);
            foreach (var proxy in Listed(configuration, "Security:KnownProxies"))
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in Listed(configuration, "Security:KnownNetworks"))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CookieName(AntiforgeryCookie, requireHttps);
            options.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        if (requireHttps)
        {
            builder.Services.AddHsts(options =>
            {
                options.MaxAge = TimeSpan.FromDays(configuration.GetValue("Security:HstsMaxAgeDays", 365));
                options.IncludeSubDomains = true;
            });
            builder.Services.AddHttpsRedirection(options =>
            {
                options.RedirectStatusCode = StatusCodes.Status308PermanentRedirect;
                options.HttpsPort = configuration.GetValue("Security:HttpsPort", 443);
            });
        }
    }

    /// <summary>A list setting, as an array or one value separated by commas or semicolons (an environment variable); blanks skipped.</summary>
    private static IEnumerable<string> Listed(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Get<string[]>() is { Length: > 0 } array ? array : [section.Value ?? string.Empty];
        return values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>First in the pipeline: the proxy's headers, then HSTS and the redirect (never for the health probes).</summary>
    public static void UseTransportSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (RequireHttps(app.Configuration, app.Environment))
        {
            app.UseHsts();
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseHttpsRedirection());
        }
    }
}
