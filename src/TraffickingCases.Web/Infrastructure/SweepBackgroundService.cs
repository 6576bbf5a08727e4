using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>Runs the flag sweep on a timer (Rules:SweepIntervalMinutes, 15 by default) while the app runs.</summary>
public sealed class SweepBackgroundService(FlagSweeper sweeper, SweepSettings settings, TimeProvider clock, ILogger<SweepBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.SweepEnabled)
        {
            logger.LogInformation("Flag sweep disabled by Rules:SweepEnabled");
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.SweepIntervalMinutes), clock);
        do
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed sweep must not stop the next one; the error is logged without case data.
                logger.LogError(e, "Flag sweep failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
