using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>
/// Names the run (an import, a sweep) that the current transaction belongs to, for the trigger flags_notify: its events
/// then carry the source and the run's id, and the dispatcher tells people once for the whole run. set_config(..., true)
/// lasts until the transaction ends, so it must be called inside each of the run's transactions.
/// </summary>
public static class ChangeSource
{
    public const string Import = "import";
    public const string Sweep = "sweep";

    public static async Task MarkAsync(CasesDbContext db, string source, Guid runId, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            $"SELECT set_config('tc.change_source', {source}, true), set_config('tc.change_batch', {runId.ToString()}, true)", ct);

    /// <summary>Writes the run's end (outside its transactions), so its events are summarised now.</summary>
    public static async Task FinishAsync(CasesDbContext db, string source, Guid runId, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO notification_events (kind, source, batch_id) VALUES ({NotificationKinds.BatchFinished}, {source}, {runId})", ct);

    /// <summary>
    /// Tells the outbox of open flags raised to High by an update (the trigger sees only inserts), in the change's
    /// transaction and with its source and run, exactly as flags_notify does for a new flag.
    /// </summary>
    public static async Task EscalatedToHighAsync(CasesDbContext db, IReadOnlyList<Guid> flagIds, CancellationToken ct)
    {
        if (flagIds.Count == 0)
        {
            return;
        }

        var ids = flagIds.ToArray();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO notification_events (kind, flag_id, child_id, organisation_id, source, batch_id)
            SELECT {NotificationKinds.HighFlag}, f.id, f.child_id, f.organisation_id,
                   coalesce(nullif(current_setting('tc.change_source', true), ''), 'web'),
                   nullif(current_setting('tc.change_batch', true), '')::uuid
            FROM flags f WHERE f.id = ANY({ids}) AND f.severity = 3 AND f.status IN ('Open', 'Acknowledged')
            """, ct);
    }
}
