using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Chains committed audit entries on a timer (Audit:ChainIntervalMilliseconds, 1000 by default) while the app runs,
/// so a page's view entry is chained within about a second without the page waiting for it (ADR 015).
/// </summary>
public sealed class AuditChainBackgroundService(AuditChainer chainer, AuditSettings settings, TimeProvider clock, ILogger<AuditChainBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.ChainerEnabled)
        {
            logger.LogInformation("Audit chainer disabled by Audit:ChainerEnabled");
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.ChainIntervalMilliseconds), clock);
        do
        {
            try
            {
                // Another instance (or the CLI) chaining now will take these entries too: never wait for it.
                await chainer.ChainAsync(wait: false, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run must not stop the next one; entries stay waiting, and `tc verify-audit` counts them.
                logger.LogError(e, "Audit chainer failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
