using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Caching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using TraffickingCases.Domain.Statistics;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Statistics;

/// <summary>The numbers at the top of the dashboard: children, counted now, each the size of a list a manager can open.</summary>
public sealed record DashboardNow(
    int MissingNow, int HighFlags, int MediumFlags, int ReturnInterviewsOverdue, int DecisionsOverdue, int TurningEighteen, int SupportWaiting,
    DateTimeOffset AsOf);

/// <summary>One month of the trends.</summary>
public sealed record TrendMonth(
    DateOnly Month, int Referrals, int ReReferrals, int MissingEpisodes, int FlagsRaised, int FlagsClosed, int Acknowledged, TimeSpan? MedianToAcknowledge);

/// <summary>A person who holds a caseload: how many children, and since when their oldest flag has waited to be acknowledged.</summary>
public sealed record CaseworkerLoad(string UserId, string Name, int Children, DateTimeOffset? OldestUnacknowledgedAt);

/// <summary>The slower figures, read at most once every <see cref="DashboardFigures.TrendsRefresh"/> per scope.</summary>
public sealed record DashboardTrends(DateTimeOffset AsOf, IReadOnlyList<TrendMonth> Months, IReadOnlyList<CaseworkerLoad> Caseworkers);

/// <summary>
/// The manager's dashboard (issue 14): internal figures, not suppressed, for one organisation or (national auditors) several.
/// The numbers of children now are counted from narrow indexes (the flags' open-by-severity and by-rule indexes, the
/// missing-now index) and kept per scope for <see cref="NowRefresh"/>, so sixteen managers at once cost one count, not
/// sixteen; the 24 months of trends and the caseworkers' loads cost seconds and are kept for <see cref="TrendsRefresh"/>,
/// read again in the background while the page is served the ones it has (ADR 031). Both read the replica, if
/// one is configured (ADR 027).
/// </summary>
public sealed class DashboardFigures([FromKeyedServices(ReadOnlyCases.Key)] CasesDbContext db, DashboardCache cache, TimeProvider clock)
{
    public static readonly TimeSpan TrendsRefresh = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan NowRefresh = TimeSpan.FromSeconds(15);

    public const int MonthsOfTrend = 24;

    // The rules whose open flags are the lists the numbers open (RuleSet holds one of each).
    public static readonly string ReturnInterviewOverdue = new ReturnInterviewOverdueRule().Code;
    public static readonly string DecisionOverdue = new ReasonableGroundsOverdueRule().Code;
    public static readonly string TurningEighteen = new TurningEighteenRule().Code;
    public static readonly string SupportWaiting = new SupportWaitingRule().Code;

    /// <summary>
    /// Counts of children now, at most <see cref="NowRefresh"/> old (the page says when). A possible-same-child pair (RR-00)
    /// is a record check, not a risk, and is not counted.
    /// </summary>
    public Task<DashboardNow> NowAsync(string scope, IReadOnlyList<Guid> organisations, CancellationToken ct) =>
        cache.NowFor(scope).GetAsync(token => CountNowAsync(organisations, token), ct);

    private async Task<DashboardNow> CountNowAsync(IReadOnlyList<Guid> organisations, CancellationToken ct)
    {
        var ids = organisations.ToArray();
        // Each a range of one index, read without the table: the children missing now; the children with an open flag of
        // a severity (ix_flags_open_severity_child, ordered by child); the children with an open flag of a rule
        // (ix_flags_queue_rule, which includes the child).
        var counts = await db.Database.SqlQuery<NowCounts>($"""
            SELECT
              (SELECT count(*) FROM children
               WHERE organisation_id = ANY({ids}) AND merged_into_id IS NULL AND missing_now)::int AS missing,
              (SELECT count(*) FROM (SELECT DISTINCT child_id FROM flags
               WHERE organisation_id = ANY({ids}) AND severity = {(int)Severity.High} AND status IN ('Open', 'Acknowledged') AND rule_code <> {Flag.MatchCode}) h)::int AS high,
              (SELECT count(*) FROM (SELECT DISTINCT child_id FROM flags
               WHERE organisation_id = ANY({ids}) AND severity = {(int)Severity.Medium} AND status IN ('Open', 'Acknowledged') AND rule_code <> {Flag.MatchCode}) m)::int AS medium,
              (SELECT count(DISTINCT child_id) FROM flags
               WHERE organisation_id = ANY({ids}) AND rule_code = {ReturnInterviewOverdue} AND status IN ('Open', 'Acknowledged'))::int AS return_interviews,
              (SELECT count(DISTINCT child_id) FROM flags
               WHERE organisation_id = ANY({ids}) AND rule_code = {DecisionOverdue} AND status IN ('Open', 'Acknowledged'))::int AS decisions,
              (SELECT count(DISTINCT child_id) FROM flags
               WHERE organisation_id = ANY({ids}) AND rule_code = {TurningEighteen} AND status IN ('Open', 'Acknowledged'))::int AS eighteen,
              (SELECT count(DISTINCT child_id) FROM flags
               WHERE organisation_id = ANY({ids}) AND rule_code = {SupportWaiting} AND status IN ('Open', 'Acknowledged'))::int AS support
            """).SingleAsync(ct);
        return new DashboardNow(counts.Missing, counts.High, counts.Medium, counts.ReturnInterviews, counts.Decisions, counts.Eighteen,
            counts.Support, clock.GetUtcNow());
    }

    /// <summary>The trends and caseworkers' loads of a scope, as last read (read again in the background after <see cref="TrendsRefresh"/>).</summary>
    public Task<DashboardTrends> TrendsAsync(string scope, IReadOnlyList<Guid> organisations, CancellationToken ct) =>
        cache.TrendsFor(scope).GetAsync(token => cache.ReadTrendsAsync(organisations, token), ct);

    private sealed record NowCounts(int Missing, int High, int Medium, int ReturnInterviews, int Decisions, int Eighteen, int Support);
}

/// <summary>
/// Reads the trends and the caseworkers' loads of a scope: seconds of work at 100,000 children, done by one reader at a time
/// per scope, in a scope of its own (it outlives the request that started it).
/// </summary>
public sealed class DashboardTrendReader([FromKeyedServices(ReadOnlyCases.Key)] CasesDbContext db, TimeProvider clock)
{
    public async Task<DashboardTrends> ReadAsync(IReadOnlyList<Guid> organisations, CancellationToken ct)
    {
        var ids = organisations.ToArray();
        var now = clock.GetUtcNow();
        var months = TrendMonths.Ending(UkCalendar.DateOf(now), DashboardFigures.MonthsOfTrend);
        var fromDate = months[0];
        var from = UkCalendar.StartOf(fromDate);

        // A re-referral: the child had been referred before (an earlier date, or the same day recorded earlier). Referrals
        // and episodes carry no organisation: the organisation's children are read once (a hash of their ids), not probed
        // per row.
        var referrals = await db.Database.SqlQuery<ReferralMonth>($"""
            SELECT date_trunc('month', r.referral_date::timestamp)::date AS month, count(*)::int AS referrals,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM nrm_referrals p
                       WHERE p.child_id = r.child_id AND p.entered_in_error_at IS NULL AND p.id <> r.id
                         AND (p.referral_date < r.referral_date OR (p.referral_date = r.referral_date AND p.created_at < r.created_at))))::int AS re_referrals
            FROM nrm_referrals r
            WHERE r.child_id IN (SELECT c.id FROM children c WHERE c.organisation_id = ANY({ids}))
              AND r.referral_date >= {fromDate} AND r.entered_in_error_at IS NULL
            GROUP BY 1
            """).ToListAsync(ct);
        var episodes = await MonthlyAsync(db.Database.SqlQuery<MonthCount>($"""
            SELECT date_trunc('month', e.went_missing_at AT TIME ZONE 'Europe/London')::date AS month, count(*)::int AS count
            FROM missing_episodes e
            WHERE e.child_id IN (SELECT c.id FROM children c WHERE c.organisation_id = ANY({ids}))
              AND e.went_missing_at >= {from} AND e.entered_in_error_at IS NULL
            GROUP BY 1
            """), ct);
        var raised = await MonthlyAsync(db.Database.SqlQuery<MonthCount>($"""
            SELECT date_trunc('month', raised_at AT TIME ZONE 'Europe/London')::date AS month, count(*)::int AS count
            FROM flags
            WHERE organisation_id = ANY({ids}) AND raised_at >= {from} AND rule_code <> {Flag.MatchCode}
            GROUP BY 1
            """), ct);
        // Closed: resolved or dismissed by a manager, or ended when the rule stopped holding (issue 9).
        var closed = await MonthlyAsync(db.Database.SqlQuery<MonthCount>($"""
            SELECT date_trunc('month', closed_at AT TIME ZONE 'Europe/London')::date AS month, count(*)::int AS count
            FROM flags
            WHERE organisation_id = ANY({ids}) AND closed_at >= {from} AND rule_code <> {Flag.MatchCode}
            GROUP BY 1
            """), ct);
        // The first acknowledgement of each flag, in the months shown.
        var acknowledgements = await db.Database.SqlQuery<Acknowledgement>($"""
            SELECT f.raised_at AS raised_at, min(e.at) AS acknowledged_at
            FROM flag_events e JOIN flags f ON f.id = e.flag_id
            WHERE e.action = {nameof(FlagAction.Acknowledged)} AND e.at >= {from}
              AND f.organisation_id = ANY({ids}) AND f.rule_code <> {Flag.MatchCode}
            GROUP BY f.id, f.raised_at
            """).ToListAsync(ct);

        var referralsByMonth = referrals.ToDictionary(r => r.Month);
        var medians = Durations.MedianByMonth(months, acknowledgements.Select(a => (a.RaisedAt, a.AcknowledgedAt)));
        var acknowledgedByMonth = acknowledgements.GroupBy(a => TrendMonths.MonthOf(a.AcknowledgedAt)).ToDictionary(g => g.Key, g => g.Count());
        var trend = months.Select((month, i) => new TrendMonth(
            month,
            referralsByMonth.GetValueOrDefault(month)?.Referrals ?? 0,
            referralsByMonth.GetValueOrDefault(month)?.ReReferrals ?? 0,
            episodes.GetValueOrDefault(month),
            raised.GetValueOrDefault(month),
            closed.GetValueOrDefault(month),
            acknowledgedByMonth.GetValueOrDefault(month),
            medians[i])).ToList();
        return new DashboardTrends(now, trend, ids.Length == 1 ? await CaseworkersAsync(ids[0], ct) : []);
    }

    /// <summary>
    /// Everyone of the organisation who can hold a caseload, with the children assigned to them and the oldest of their
    /// children's flags still open and not acknowledged (a possible-same-child pair is the manager's, not counted).
    /// </summary>
    private async Task<IReadOnlyList<CaseworkerLoad>> CaseworkersAsync(Guid organisationId, CancellationToken ct)
    {
        string[] roles = [Roles.Caseworker, Roles.Manager];
        var people = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == organisationId)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))))
            .OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName })
            .ToListAsync(ct);
        var loads = await db.Database.SqlQuery<LoadRow>($"""
            SELECT assigned_caseworker_id AS user_id, count(*)::int AS children
            FROM children
            WHERE organisation_id = {organisationId} AND merged_into_id IS NULL AND assigned_caseworker_id IS NOT NULL
            GROUP BY assigned_caseworker_id
            """).ToDictionaryAsync(l => l.UserId, l => l.Children, ct);
        var oldest = await db.Database.SqlQuery<OldestRow>($"""
            SELECT c.assigned_caseworker_id AS user_id, min(f.raised_at) AS raised_at
            FROM flags f JOIN children c ON c.id = f.child_id
            WHERE f.organisation_id = {organisationId} AND f.status = 'Open' AND f.rule_code <> {Flag.MatchCode}
              AND c.assigned_caseworker_id IS NOT NULL AND c.merged_into_id IS NULL
            GROUP BY c.assigned_caseworker_id
            """).ToDictionaryAsync(o => o.UserId, o => o.RaisedAt, ct);
        return people.Select(p => new CaseworkerLoad(p.Id, p.DisplayName, loads.GetValueOrDefault(p.Id),
            oldest.TryGetValue(p.Id, out var at) ? at : null)).ToList();
    }

    private static async Task<IReadOnlyDictionary<DateOnly, int>> MonthlyAsync(IQueryable<MonthCount> query, CancellationToken ct) =>
        await query.ToDictionaryAsync(m => m.Month, m => m.Count, ct);

    private sealed record ReferralMonth(DateOnly Month, int Referrals, int ReReferrals);

    private sealed record MonthCount(DateOnly Month, int Count);

    private sealed record Acknowledgement(DateTimeOffset RaisedAt, DateTimeOffset AcknowledgedAt);

    private sealed record LoadRow(string UserId, int Children);

    private sealed record OldestRow(string UserId, DateTimeOffset RaisedAt);
}

/// <summary>
/// The dashboard's figures of each scope (an organisation, or all), kept per process: the numbers now for
/// <see cref="DashboardFigures.NowRefresh"/> (read again by the next viewer, who waits for it), the trends for
/// <see cref="DashboardFigures.TrendsRefresh"/> (read again in the background, in a scope of their own).
/// </summary>
public sealed class DashboardCache(TimeProvider clock, IServiceScopeFactory scopes, ILogger<DashboardCache> logger)
{
    private readonly ConcurrentDictionary<string, RefreshedEvery<DashboardNow>> _now = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ServedWhileRefreshing<DashboardTrends>> _trends = new(StringComparer.Ordinal);

    public RefreshedEvery<DashboardNow> NowFor(string scope) =>
        _now.GetOrAdd(scope, _ => new RefreshedEvery<DashboardNow>(DashboardFigures.NowRefresh, clock));

    public ServedWhileRefreshing<DashboardTrends> TrendsFor(string scope) =>
        _trends.GetOrAdd(scope, _ => new ServedWhileRefreshing<DashboardTrends>(DashboardFigures.TrendsRefresh, clock,
            failure => logger.LogWarning(failure, "Reading the dashboard's trends again failed; the page keeps the ones it has")));

    /// <summary>Forgets the numbers now of every scope, so the next view counts them: after a manager acted on flags here.</summary>
    public void ForgetNow()
    {
        foreach (var now in _now.Values)
        {
            now.Forget();
        }
    }

    /// <summary>Completes when no scope's trends are being read in the background (tests; a host shutting down).</summary>
    public Task WhenRefreshed() => Task.WhenAll(_trends.Values.Select(t => t.Refreshing ?? Task.CompletedTask));

    /// <summary>Reads a scope's trends in a scope of services of its own.</summary>
    public async Task<DashboardTrends> ReadTrendsAsync(IReadOnlyList<Guid> organisations, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashboardTrendReader>().ReadAsync(organisations, ct);
    }
}
