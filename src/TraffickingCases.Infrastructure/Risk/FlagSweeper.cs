using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Observability;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Risk;

/// <summary>How the background sweep runs (configuration section "Rules").</summary>
public sealed class SweepSettings
{
    public bool SweepEnabled { get; set; } = true;

    public int SweepIntervalMinutes { get; set; } = 15;

    public int SweepBatchSize { get; set; } = 1000;
}

/// <summary>The outcome of one sweep; <see cref="Skipped"/> when another instance was already sweeping.</summary>
public sealed record SweepResult(bool Skipped, EvaluationResult Result)
{
    public string Summary => Skipped
        ? "skipped: another sweep is running"
        : $"evaluated {Result.Evaluated} children; raised {Result.Raised}; ended {Result.Ended}";
}

/// <summary>
/// Re-runs every rule for the children whose findings time alone may have changed (missing for 24 hours,
/// decisions and return interviews falling due, turning 18): each child's row keeps when that can next happen
/// (RuleSet.NextChange, written with its summary), so a sweep reads only the children now due. One sweep at a time across all instances: a
/// PostgreSQL advisory lock held for the whole sweep in a transaction of its own on a dedicated connection (<see cref="RunLock"/>, ADR 028).
/// Histories are loaded in batches, one transaction per batch.
/// </summary>
public sealed class FlagSweeper(
    IServiceScopeFactory scopes, SweepSettings settings, TimeProvider clock, CaseTelemetry telemetry, ILogger<FlagSweeper> logger)
{
    /// <summary>The advisory lock one sweep at a time holds (ADR 007).</summary>
    public const long SweepLockKey = 7_270_000;

    /// <summary>Evaluates the children that are due (or, with <paramref name="everyone"/>, every child) and updates their flags.</summary>
    public async Task<SweepResult> SweepAsync(CancellationToken ct, bool everyone = false)
    {
        using var span = CaseTelemetry.Source.StartActivity("tc.sweep");
        var started = clock.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await SweepLockedAsync(everyone, ct);
            outcome = result.Skipped ? "skipped" : "completed";
            span?.SetTag("tc.sweep.evaluated", result.Result.Evaluated);
            span?.SetTag("tc.sweep.raised", result.Result.Raised);
            span?.SetTag("tc.sweep.ended", result.Result.Ended);
            return result;
        }
        finally
        {
            span?.SetTag("tc.outcome", outcome);
            telemetry.SweepFinished(clock.GetElapsedTime(started), outcome);
        }
    }

    private async Task<SweepResult> SweepLockedAsync(bool everyone, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var connectionString = scope.ServiceProvider.GetRequiredService<CasesDbContext>().Database.GetConnectionString();
        var sweepLock = await RunLock.TryTakeAsync(connectionString ?? throw new DatabaseNotConfiguredException(), SweepLockKey, ct);
        if (sweepLock is null)
        {
            logger.LogInformation("Flag sweep skipped: another instance is sweeping");
            return new SweepResult(true, EvaluationResult.None);
        }

        await using (sweepLock)
        {
            var started = clock.GetTimestamp();
            // Only the children whose flags time alone may have changed since they were last evaluated (their
            // due time has passed), any never evaluated, and any evaluated under older rules (the first sweep after a
            // change of rules ends what the new lifetimes no longer hold); every child when asked (after the thresholds change).
            var now = clock.GetUtcNow();
            var children = scope.ServiceProvider.GetRequiredService<CasesDbContext>().Children.AsNoTracking();
            if (!everyone)
            {
                children = children.Where(c => EF.Property<DateTimeOffset?>(c, ShadowProperties.NextDueAt) == null
                    || EF.Property<DateTimeOffset?>(c, ShadowProperties.NextDueAt) <= now
                    || EF.Property<int>(c, ShadowProperties.RulesVersion) < RulesService.RulesVersion);
            }

            var ids = await children.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
            var total = EvaluationResult.None;

            // The sweep's flags are told in one summary per person once it has ended (ChangeSource).
            var runId = Guid.CreateVersion7();
            foreach (var batch in ids.Chunk(Math.Max(1, settings.SweepBatchSize)))
            {
                await using var batchScope = scopes.CreateAsyncScope();

                // Flags the sweep raises or clears are the system's doing, whoever started the sweep.
                batchScope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.SystemInCurrentTrace);
                var batchDb = batchScope.ServiceProvider.GetRequiredService<CasesDbContext>();
                var result = await batchScope.ServiceProvider.GetRequiredService<ChildChanges>().ChangeManyAsync(async (children, token) =>
                {
                    await ChangeSource.MarkAsync(batchDb, ChangeSource.Sweep, runId, token);
                    children.TimePassed(batch);
                    return ChangeResult.Commit(batch.Length);
                }, ct);
                if (result is ChangeResult<int>.Saved saved)
                {
                    total = total.Add(new EvaluationResult(saved.Value, saved.Changes.FlagsRaised.Count, saved.Changes.FlagsEnded.Count));
                }
            }

            // Always: a flag raised to High by an update counts in neither Raised nor Ended, and its event waits for this.
            await ChangeSource.FinishAsync(scope.ServiceProvider.GetRequiredService<CasesDbContext>(), ChangeSource.Sweep, runId, ct);

            logger.LogInformation(
                "Flag sweep evaluated {Evaluated} children, raised {Raised}, ended {Ended} in {ElapsedMs} ms",
                total.Evaluated, total.Raised, total.Ended, (long)clock.GetElapsedTime(started).TotalMilliseconds);
            return new SweepResult(false, total);
        }
    }
}
