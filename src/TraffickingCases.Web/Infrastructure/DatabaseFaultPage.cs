using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// While PostgreSQL is down, restarting or too slow, a page answers 503 with Retry-After and a page that says to try
/// again, not a 500 (ADR 026). The page is written here, without the layout: the layout, the sign-in check and the
/// ordinary error page all read the database. After a failure that broke a connection the pools are cleared, so
/// connections opened before a restart are not handed out again once PostgreSQL is back.
/// </summary>
public sealed partial class DatabaseFaultPage(ILogger<DatabaseFaultPage> logger) : IExceptionHandler
{
    /// <summary>Seconds a person or a client is asked to wait: a fast restart of PostgreSQL takes about that long.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var fault = DatabaseFaults.Classify(exception);
        if (fault == DatabaseFault.None || httpContext.Response.HasStarted)
        {
            return false;
        }

        if (DatabaseFaults.BrokeConnection(exception))
        {
            NpgsqlConnection.ClearAllPools();
        }

        // The exception's type and SQLSTATE only: its message may quote a statement's values.
        var failed = httpContext.Features.Get<IExceptionHandlerFeature>(); // the request as it was, not the error path
        LogFault(logger, fault, httpContext.Request.Method, failed?.Endpoint?.DisplayName ?? failed?.Path ?? httpContext.Request.Path.Value ?? "",
            Innermost(exception).GetType().Name, (Innermost(exception) as PostgresException)?.SqlState);

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        SecurityHeaders.Apply(httpContext);
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(fault == DatabaseFault.TimedOut ? TimedOutPage : UnavailablePage, cancellationToken);
        return true;
    }

    /// <summary>
    /// EF Core's own error events for a connection the database dropped or refused, filtered out of the logs: the
    /// warning above (or the change's "running it again") says it once per request. Timeouts keep EF's event, which
    /// names the statement that was too slow.
    /// </summary>
    public static bool IsRepeatOfOutage(Serilog.Events.LogEvent logEvent) =>
        logEvent.Exception is { } exception
        && logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source.ToString().StartsWith("\"Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
        && DatabaseFaults.Classify(exception) == DatabaseFault.Unavailable;

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Fault} during {Method} {Endpoint}: {ExceptionType} {SqlState}; answered 503")]
    private static partial void LogFault(ILogger logger, DatabaseFault fault, string method, string endpoint, string exceptionType, string? sqlState);

    private static readonly string UnavailablePage = Page(
        "Sorry, the service is unavailable",
        """
        <p class="govuk-body" data-testid="try-again">Try again in a few seconds.</p>
        <p class="govuk-body">If you were saving something, it may not have been saved. Open the record to check before you save it again.</p>
        """);

    private static readonly string TimedOutPage = Page(
        "Sorry, this page took too long",
        """
        <p class="govuk-body" data-testid="try-again">The database did not answer in time, so the request was stopped. Try again in a few seconds.</p>
        <p class="govuk-body">If you were saving something, it may not have been saved: open the record to check. If this keeps happening, tell your administrator.</p>
        """);

    /// <summary>A whole GOV.UK page without the layout (which reads the database): the heading and what to do.</summary>
    private static string Page(string heading, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en-GB" class="govuk-template">
        <head>
        <meta charset="utf-8">
        <title>{{heading}} – Trafficking cases</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
        <meta name="robots" content="noindex, nofollow">
        <link rel="stylesheet" href="/lib/app.css">
        </head>
        <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
        <header class="moj-header"><div class="moj-header__container"><div class="moj-header__logo">
        <a class="moj-header__link moj-header__link--organisation-name" href="/">Trafficking cases</a>
        </div></div></header>
        <div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content">
        <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-l">{{heading}}</h1>
        {{body}}
        </div></div>
        </main></div>
        </body>
        </html>
        """;
}
