using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Features.Home;

/// <summary>Whose children "My work" covers: one person's, or a manager's team and the children with no caseworker.</summary>
public sealed record WorkScope(Guid OrganisationId, IReadOnlyDictionary<string, string> People, bool WithUnassigned);

/// <summary>
/// Reads what "My work" shows, only ever the scope's children and never the organisation: the children by
/// ix_children_caseworker_caseload (each person's), the unassigned ones by the same index up to a limit, then what
/// is due, missing and newly flagged by each child's id (the history tables' child_id indexes), in five queries.
/// </summary>
public sealed class MyWorkReader(CasesDbContext db, RuleThresholds thresholds)
{
    /// <summary>How far ahead "My work" looks for things due (an 18th birthday: the days RR-10 looks ahead).</summary>
    public const int AheadDays = 14;

    /// <summary>Rows shown in each section; the rest are counted, with a link to the lists.</summary>
    public const int SectionLimit = 50;

    /// <summary>A team view takes in at most this many children with no caseworker; more, and it says to assign them.</summary>
    public const int UnassignedLimit = 1000;

    public async Task<MyWork> ReadAsync(WorkScope scope, DateTimeOffset now, DateTimeOffset flagsSince, CancellationToken ct)
    {
        var people = scope.People.Keys.ToArray();
        // By ix_children_caseworker_caseload (organisation, caseworker): "= ANY" as written, without the NULL handling LINQ adds.
        var children = await db.Children.FromSql($"""
                SELECT * FROM children WHERE organisation_id = {scope.OrganisationId} AND merged_into_id IS NULL AND assigned_caseworker_id = ANY({people})
                """).AsNoTracking()
            .Select(Columns)
            .ToListAsync(ct);
        var unassignedOverLimit = false;
        var missingOnly = new List<ChildColumns>();
        if (scope.WithUnassigned)
        {
            var unassigned = db.Children.AsNoTracking()
                .Where(c => c.OrganisationId == scope.OrganisationId && c.MergedIntoId == null && c.AssignedCaseworkerId == null);
            // How many, up to the limit, from the index alone (the references are in ix_children_caseworker_caseload):
            // an organisation that has not assigned its children reads no row of them here.
            unassignedOverLimit = await unassigned.Select(c => c.Reference).Take(UnassignedLimit + 1).CountAsync(ct) > UnassignedLimit;
            if (unassignedOverLimit)
            {
                // Too many to judge here: only those missing now (ix_children_missing_now) are taken in, and only for
                // "Missing now" (each one's open episode, one probe).
                missingOnly = await unassigned.Where(c => EF.Property<bool>(c, ShadowProperties.MissingNow)).Select(Columns).ToListAsync(ct);
            }
            else
            {
                children.AddRange(await unassigned.Select(Columns).ToListAsync(ct));
            }
        }

        var ids = children.Select(c => c.Id).ToArray();
        var returnedSince = now.AddDays(-thresholds.ReturnInterviewOutstandingDays);
        var referrals = new List<(Guid ChildId, ReferralDueFacts Facts)>();
        var support = new List<(Guid ChildId, SupportDueFacts Facts)>();
        var episodes = new List<EpisodeColumns>();
        var flags = new List<(Guid ChildId, string RuleCode, Severity Severity, FlagStatus Status, DateTimeOffset RaisedAt)>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // Each child's records by its child_id index: unnest drives a nested loop, and OFFSET 0 keeps each lookup a lookup
            // (flattened, PostgreSQL reads whole tables by a hash join for a team's 2,000 children).
            await ReadAsync("""
                SELECT u.id, r.referral_date, r.rg_outcome, r.cg_outcome, r.withdrawn_on FROM unnest(@ids) AS u(id)
                CROSS JOIN LATERAL (SELECT * FROM nrm_referrals r WHERE r.child_id = u.id AND r.entered_in_error_at IS NULL OFFSET 0) r
                """, ids, null, r => referrals.Add((r.GetGuid(0), new ReferralDueFacts(r.GetFieldValue<DateOnly>(1),
                    Enum.Parse<DecisionOutcome>(r.GetString(2)), Enum.Parse<DecisionOutcome>(r.GetString(3)), r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4)))), ct);
            await ReadAsync("""
                SELECT u.id, s.type, s.requested_on, s.started_on FROM unnest(@ids) AS u(id)
                CROSS JOIN LATERAL (SELECT * FROM support_requests s WHERE s.child_id = u.id AND s.entered_in_error_at IS NULL
                                    AND (s.started_on IS NULL OR s.type = 'Ictg') OFFSET 0) s
                """, ids, null, r => support.Add((r.GetGuid(0), new SupportDueFacts(Enum.Parse<SupportType>(r.GetString(1)),
                    r.GetFieldValue<DateOnly>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3)))), ct);
            await ReadAsync("""
                SELECT u.id, m.went_missing_at, m.returned_at, m.return_interview_completed_at, m.return_interview_declined FROM unnest(@ids) AS u(id)
                CROSS JOIN LATERAL (SELECT * FROM missing_episodes m WHERE m.child_id = u.id AND m.entered_in_error_at IS NULL
                                    AND (m.returned_at IS NULL OR m.returned_at >= @at) OFFSET 0) m
                """, ids, returnedSince, r => episodes.Add(new EpisodeColumns(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1),
                    r.IsDBNull(2) ? null : r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.GetBoolean(4))), ct);
            if (missingOnly.Count > 0)
            {
                // The open episode of each: the child's latest by ix_missing_episodes_child_id_went_missing_at, backwards.
                await ReadAsync("""
                    SELECT u.id, m.went_missing_at FROM unnest(@ids) AS u(id)
                    CROSS JOIN LATERAL (SELECT m.went_missing_at FROM missing_episodes m
                                        WHERE m.child_id = u.id AND m.returned_at IS NULL AND m.entered_in_error_at IS NULL
                                        ORDER BY m.went_missing_at DESC LIMIT 1) m
                    """, [.. missingOnly.Select(c => c.Id)], null,
                    r => episodes.Add(new EpisodeColumns(r.GetGuid(0), r.GetFieldValue<DateTimeOffset>(1), null, null, false)), ct);
            }

            await ReadAsync($"""
                SELECT u.id, f.rule_code, f.severity, f.status, f.raised_at FROM unnest(@ids) AS u(id)
                CROSS JOIN LATERAL (SELECT * FROM flags f WHERE f.child_id = u.id AND f.raised_at > @at OFFSET 0) f
                ORDER BY f.raised_at DESC, f.id DESC LIMIT {SectionLimit + 1}
                """, ids, flagsSince, r => flags.Add((r.GetGuid(0), r.GetString(1), (Severity)r.GetInt32(2), Enum.Parse<FlagStatus>(r.GetString(3)),
                    r.GetFieldValue<DateTimeOffset>(4))), ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var referralsOf = referrals.ToLookup(r => r.ChildId, r => r.Facts);
        var supportOf = support.ToLookup(s => s.ChildId, s => s.Facts);
        var episodesOf = episodes.ToLookup(e => e.ChildId);
        var inIctgArea = await db.Organisations.AsNoTracking().Where(o => o.Id == scope.OrganisationId).Select(o => o.IsInIctgArea).SingleAsync(ct);

        var byId = children.ToDictionary(c => c.Id);
        var due = new List<DueRow>();
        var missing = new List<MissingRow>();
        foreach (var child in missingOnly)
        {
            if (episodesOf[child.Id].FirstOrDefault() is { } open)
            {
                missing.Add(new MissingRow(Who(child, scope), open.WentMissingAt, DueDates.MissingFor(open.WentMissingAt, now)));
            }
        }


        foreach (var child in children)
        {
            var latestReturn = episodesOf[child.Id].Where(e => e.ReturnedAt is not null).MaxBy(e => e.ReturnedAt);
            var facts = new DueFacts
            {
                DateOfBirth = child.DateOfBirth,
                RiskOverrideReviewOn = child.RiskOverrideReviewOn,
                SupervisionReviewOn = child.SupervisionReviewOn,
                Referrals = [.. referralsOf[child.Id]],
                SupportRequests = [.. supportOf[child.Id]],
                LatestReturn = latestReturn is null ? null
                    : new ReturnDueFacts(latestReturn.ReturnedAt!.Value, latestReturn.ReturnInterviewCompletedAt, latestReturn.ReturnInterviewDeclined),
            };
            foreach (var item in DueDates.For(facts, inIctgArea, now, thresholds, AheadDays))
            {
                due.Add(new DueRow(Who(child, scope), item, DueDates.Describe(item, now), item.IsOverdue(now)));
            }

            if (episodesOf[child.Id].Where(e => e.ReturnedAt is null).MinBy(e => e.WentMissingAt) is { } current)
            {
                missing.Add(new MissingRow(Who(child, scope), current.WentMissingAt, DueDates.MissingFor(current.WentMissingAt, now)));
            }
        }

        return new MyWork
        {
            ChildCounts = children.Where(c => c.AssignedCaseworkerId is not null).GroupBy(c => c.AssignedCaseworkerId!).ToDictionary(g => g.Key, g => g.Count()),
            UnassignedOverLimit = unassignedOverLimit,
            UnassignedCount = unassignedOverLimit ? null : children.Count(c => c.AssignedCaseworkerId is null),
            DueTotal = due.Count,
            Due = [.. due.OrderBy(d => d.Item.LateFrom).ThenBy(d => d.Child.Reference, StringComparer.Ordinal).Take(SectionLimit)],
            MissingTotal = missing.Count,
            Missing = [.. missing.OrderBy(m => m.Since).Take(SectionLimit)],
            Flags = [.. flags.Take(SectionLimit).Select(f => new FlagRow(Who(byId[f.ChildId], scope), f.RuleCode, f.Severity, f.Status, f.RaisedAt))],
            MoreFlags = flags.Count > SectionLimit,
        };
    }

    private async Task ReadAsync(string sql, Guid[] ids, DateTimeOffset? at, Action<NpgsqlDataReader> row, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        if (at is { } instant)
        {
            command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = instant });
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }

    private sealed record EpisodeColumns(Guid ChildId, DateTimeOffset WentMissingAt, DateTimeOffset? ReturnedAt, DateTimeOffset? ReturnInterviewCompletedAt, bool ReturnInterviewDeclined);

    private static readonly System.Linq.Expressions.Expression<Func<Child, ChildColumns>> Columns = c => new ChildColumns(
        c.Id, c.Reference, c.GivenNames, c.FamilyName, c.DateOfBirth, c.AssignedCaseworkerId,
        c.RiskOverrideLevel != null ? c.RiskOverrideReviewOn : null, c.SupervisionReviewOn);

    private static ChildRef Who(ChildColumns child, WorkScope scope) => new(
        child.Id, child.Reference, Child.FullNameOf(child.GivenNames, child.FamilyName),
        child.AssignedCaseworkerId is { } id ? scope.People.GetValueOrDefault(id, "Another user") : null);

    private sealed record ChildColumns(
        Guid Id, string Reference, string GivenNames, string FamilyName, DateOnly? DateOfBirth, string? AssignedCaseworkerId,
        DateOnly? RiskOverrideReviewOn, DateOnly? SupervisionReviewOn);
}

/// <summary>A child as a row names them: reference, name, and (in a team view) the caseworker, null when none.</summary>
public sealed record ChildRef(Guid Id, string Reference, string Name, string? Caseworker);

public sealed record DueRow(ChildRef Child, DueItem Item, string When, bool Overdue);

public sealed record MissingRow(ChildRef Child, DateTimeOffset Since, string For);

public sealed record FlagRow(ChildRef Child, string RuleCode, Severity Severity, FlagStatus Status, DateTimeOffset RaisedAt);

/// <summary>What "My work" found for a scope; each list at most <see cref="MyWorkReader.SectionLimit"/> rows.</summary>
public sealed record MyWork
{
    /// <summary>Children per caseworker in the scope (people with none are absent).</summary>
    public required IReadOnlyDictionary<string, int> ChildCounts { get; init; }

    /// <summary>Children with no caseworker taken in; null when there were more than <see cref="MyWorkReader.UnassignedLimit"/>.</summary>
    public int? UnassignedCount { get; init; }

    public bool UnassignedOverLimit { get; init; }

    public required IReadOnlyList<DueRow> Due { get; init; }

    public int DueTotal { get; init; }

    public required IReadOnlyList<MissingRow> Missing { get; init; }

    public int MissingTotal { get; init; }

    public required IReadOnlyList<FlagRow> Flags { get; init; }

    public bool MoreFlags { get; init; }
}
