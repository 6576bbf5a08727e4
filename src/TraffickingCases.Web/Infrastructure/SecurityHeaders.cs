namespace TraffickingCases.Web.Infrastructure;

/// <summary>A strict Content-Security-Policy (no inline script or style) and the usual hardening headers.</summary>
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        Apply(context);
        await next();
    });

    /// <summary>Sets the headers on a response; also for a page written before this middleware ran (DatabaseFaultPage).</summary>
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // Nothing to other sites; "no-referrer" would also make browsers send "Origin: null" on this app's own form
        // posts, and Identity refuses a passkey whose ceremony's origin does not match that header (every one, then).
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        // Case pages must not sit in shared caches or the browser's back-forward cache after sign-out.
        if (!context.Request.Path.StartsWithSegments("/lib") && !context.Request.Path.StartsWithSegments("/js"))
        {
            // The same values antiforgery sets on form pages, so it has nothing to override.
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }
    }
}
