using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Signs the audit chain's head into a checkpoint file every Audit:CheckpointIntervalMinutes (60 by default) while the app
/// runs, when Audit:CheckpointDirectory and Audit:CheckpointKeyFile are set (ADR 019). Every instance may run it: the
/// first file written for a position stays, and the others find it there.
/// </summary>
public sealed class AuditCheckpointBackgroundService(
    AuditCheckpointer checkpointer, AuditSettings settings, TimeProvider clock, ILogger<AuditCheckpointBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!checkpointer.Configured)
        {
            logger.LogInformation("Audit checkpoints off: Audit:CheckpointDirectory and Audit:CheckpointKeyFile are not set");
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.CheckpointIntervalMinutes), clock);
        do
        {
            try
            {
                // A refusal (the chain no longer holds the newest checkpoint) is logged as an error by the checkpointer.
                await checkpointer.WriteAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A missing key or directory must not stop the next run; `tc verify-audit --checkpoints` shows the gap.
                logger.LogError(e, "Audit checkpoint failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
