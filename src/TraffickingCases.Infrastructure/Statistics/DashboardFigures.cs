using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using TraffickingCases.Domain.Statistics;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Statistics;

/// <summary>The numbers at the top of the dashboard: children, counted now, each the size of a list a manager can open.</summary>
public sealed record DashboardNow(
    int MissingNow, int HighFlags, int MediumFlags, int ReturnInterviewsOverdue, int DecisionsOverdue, int TurningEighteen, int SupportWaiting);

/// <summary>One month of the trends.</summary>
public sealed record TrendMonth(
    DateOnly Month, int Referrals, int ReReferrals, int MissingEpisodes, int FlagsRaised, int FlagsClosed, int Acknowledged, TimeSpan? MedianToAcknowledge);

/// <summary>A person who holds a caseload: how many children, and since when their oldest flag has waited to be acknowledged.</summary>
public sealed record CaseworkerLoad(string UserId, string Name, int Children, DateTimeOffset? OldestUnacknowledgedAt);

/// <summary>The slower figures, read at most once every <see cref="DashboardFigures.TrendsRefresh"/> per scope.</summary>
public sealed record DashboardTrends(DateTimeOffset AsOf, IReadOnlyList<TrendMonth> Months, IReadOnlyList<CaseworkerLoad> Caseworkers);

/// <summary>
/// The manager's dashboard (issue 14): internal figures, not suppressed, for one organisation or (national auditors) several.
/// The numbers of children now are counted on every view from the flag queue's index and the missing-now index; the 24
/// months of trends and the caseworkers' loads cost more and are kept per scope for <see cref="TrendsRefresh"/>.
/// </summary>
public sealed class DashboardFigures([FromKeyedServices(ReadOnlyCases.Key)] CasesDbContext db, DashboardTrendCache cache, TimeProvider clock)
{
    public static readonly TimeSpan TrendsRefresh = TimeSpan.FromMinutes(5);

    public const int MonthsOfTrend = 24;

    // The rules whose open flags are the lists the numbers open (RuleSet holds one of each).
    public static readonly string ReturnInterviewOverdue = new ReturnInterviewOverdueRule().Code;
    public static readonly string DecisionOverdue = new ReasonableGroundsOverdueRule().Code;
    public static readonly string TurningEighteen = new TurningEighteenRule().Code;
    public static readonly string SupportWaiting = new SupportWaitingRule().Code;

    /// <summary>Counts of children now. A possible-same-child pair (RR-00) is a record check, not a risk, and is not counted.</summary>
    public async Task<DashboardNow> NowAsync(IReadOnlyList<Guid> organisations, CancellationToken ct)
    {
        var ids = organisations.ToArray();
        var missing = await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM children
            WHERE organisation_id = ANY({ids}) AND merged_into_id IS NULL AND missing_now
            """).SingleAsync(ct);
        // One pass over the organisation's open flags (the queue's index), counting each child once per measure.
        var flags = await db.Database.SqlQuery<FlagCounts>($"""
            SELECT count(DISTINCT child_id) FILTER (WHERE severity = {(int)Severity.High})::int AS high,
                   count(DISTINCT child_id) FILTER (WHERE severity = {(int)Severity.Medium})::int AS medium,
                   count(DISTINCT child_id) FILTER (WHERE rule_code = {ReturnInterviewOverdue})::int AS return_interviews,
                   count(DISTINCT child_id) FILTER (WHERE rule_code = {DecisionOverdue})::int AS decisions,
                   count(DISTINCT child_id) FILTER (WHERE rule_code = {TurningEighteen})::int AS eighteen,
                   count(DISTINCT child_id) FILTER (WHERE rule_code = {SupportWaiting})::int AS support
            FROM flags
            WHERE organisation_id = ANY({ids}) AND status IN ('Open', 'Acknowledged') AND rule_code <> {Flag.MatchCode}
            """).SingleAsync(ct);
        return new DashboardNow(missing, flags.High, flags.Medium, flags.ReturnInterviews, flags.Decisions, flags.Eighteen, flags.Support);
    }

    /// <summary>The trends and caseworkers' loads of a scope, as last read (at most <see cref="TrendsRefresh"/> ago).</summary>
    public Task<DashboardTrends> TrendsAsync(string scope, IReadOnlyList<Guid> organisations, CancellationToken ct) =>
        cache.For(scope).GetAsync(token => ReadTrendsAsync(organisations, token), ct);

    private async Task<DashboardTrends> ReadTrendsAsync(IReadOnlyList<Guid> organisations, CancellationToken ct)
    {
        var ids = organisations.ToArray();
        var now = clock.GetUtcNow();
        var months = TrendMonths.Ending(UkCalendar.DateOf(now), MonthsOfTrend);
        var fromDate = months[0];
        var from = UkCalendar.StartOf(fromDate);

        // A re-referral: the child had been referred before (an earlier date, or the same day recorded earlier).
        var referrals = await db.Database.SqlQuery<ReferralMonth>($"""
            SELECT date_trunc('month', r.referral_date::timestamp)::date AS month, count(*)::int AS referrals,
                   count(*) FILTER (WHERE EXISTS (
                       SELECT 1 FROM nrm_referrals p
                       WHERE p.child_id = r.child_id AND p.entered_in_error_at IS NULL AND p.id <> r.id
                         AND (p.referral_date < r.referral_date OR (p.referral_date = r.referral_date AND p.created_at < r.created_at))))::int AS re_referrals
            FROM nrm_referrals r JOIN children c ON c.id = r.child_id
            WHERE c.organisation_id = ANY({ids}) AND r.referral_date >= {fromDate} AND r.entered_in_error_at IS NULL
            GROUP BY 1
            """).ToListAsync(ct);
        var episodes = await MonthlyAsync(db.Database.SqlQuery<MonthCount>($"""
            SELECT date_trunc('month', e.went_missing_at AT TIME ZONE 'Europe/London')::date AS month, count(*)::int AS count
            FROM missing_episodes e JOIN children c ON c.id = e.child_id
            WHERE c.organisation_id = ANY({ids}) AND e.went_missing_at >= {from} AND e.entered_in_error_at IS NULL
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

    private sealed record FlagCounts(int High, int Medium, int ReturnInterviews, int Decisions, int Eighteen, int Support);

    private sealed record ReferralMonth(DateOnly Month, int Referrals, int ReReferrals);

    private sealed record MonthCount(DateOnly Month, int Count);

    private sealed record Acknowledgement(DateTimeOffset RaisedAt, DateTimeOffset AcknowledgedAt);

    private sealed record LoadRow(string UserId, int Children);

    private sealed record OldestRow(string UserId, DateTimeOffset RaisedAt);
}

/// <summary>The trends of each scope (an organisation, or all), kept per process for <see cref="DashboardFigures.TrendsRefresh"/>.</summary>
public sealed class DashboardTrendCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, RefreshedEvery<DashboardTrends>> _scopes = new(StringComparer.Ordinal);

    public RefreshedEvery<DashboardTrends> For(string scope) =>
        _scopes.GetOrAdd(scope, _ => new RefreshedEvery<DashboardTrends>(DashboardFigures.TrendsRefresh, clock));
}
