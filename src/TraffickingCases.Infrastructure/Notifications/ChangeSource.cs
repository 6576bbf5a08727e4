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
}
