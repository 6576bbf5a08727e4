using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>The migration that rolls the issue-12 rules out on live data, run on a database holding flags and overrides made before it.</summary>
public sealed class RuleRolloutTests
{
    [Fact]
    public async Task The_migration_ends_weighting_and_cleared_flags_keeps_live_ones_and_gives_every_override_a_review_date()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 2);
        }

        // Back to the schema before the change, and flags and an override as the old rules left them.
        await database.MigrateAsync("DropMatchNameTrigramIndex");
        Guid childId, organisationId;
        var weighting = Guid.NewGuid();
        var cleared = Guid.NewGuid();
        var holding = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using (var read = new NpgsqlCommand("SELECT id, organisation_id FROM children ORDER BY reference LIMIT 1", connection))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                childId = reader.GetGuid(0);
                organisationId = reader.GetGuid(1);
            }

            await using var write = new NpgsqlCommand(
                """
                DELETE FROM flags WHERE child_id = @child;
                INSERT INTO flags (id, child_id, rule_code, severity, evidence, occurrence_key, raised_at, last_confirmed_at, status, condition_cleared_at)
                VALUES (@weighting, @child, 'RR-11', 2, 'concern', 'k1', now() - interval '400 days', now(), 'Acknowledged', NULL),
                       (@cleared, @child, 'RR-03', 2, 'missing twice', 'k2', now() - interval '300 days', now(), 'Open', now() - interval '200 days'),
                       (@holding, @child, 'RR-01', 3, 'second referral', 'k3', now() - interval '10 days', now(), 'Open', NULL);
                UPDATE children SET risk_override_level = 1, risk_override_reason = 'Known to be safe', risk_override_at = now() WHERE id = @child;
                """, connection);
            write.Parameters.AddWithValue("child", childId);
            write.Parameters.AddWithValue("weighting", weighting);
            write.Parameters.AddWithValue("cleared", cleared);
            write.Parameters.AddWithValue("holding", holding);
            await write.ExecuteNonQueryAsync();
        }

        await database.MigrateAsync();

        await using var db = database.CreateContext();
        var flags = await db.Flags.AsNoTracking().Include(f => f.Events).Where(f => f.ChildId == childId).ToDictionaryAsync(f => f.Id);
        Assert.Equal(FlagStatus.Ended, flags[weighting].Status);
        Assert.Equal("Rule changed: RR-11 is now a weighting on other flags, not a flag of its own", flags[weighting].EndReason);
        Assert.Contains(flags[weighting].Events, e => e.Action == FlagAction.Ended && e.Note == flags[weighting].EndReason);
        Assert.Equal(FlagStatus.Ended, flags[cleared].Status);
        Assert.Equal("Rule changed: its condition had already cleared", flags[cleared].EndReason);
        // A flag whose condition still held is left for the first sweep to judge under the new rules.
        Assert.Equal(FlagStatus.Open, flags[holding].Status);
        Assert.Equal(0, await db.Children.Where(c => c.Id == childId).Select(c => EF.Property<int>(c, "RulesVersion")).SingleAsync());

        var child = await db.Children.AsNoTracking().SingleAsync(c => c.Id == childId);
        var today = TraffickingCases.Domain.Common.UkCalendar.DateOf(DateTimeOffset.UtcNow);
        Assert.Equal(today.AddMonths(3), child.RiskOverrideReviewOn);
        Assert.Equal(Severity.Low, child.RiskOverrideOn(today));
        var summaries = await db.RuleChangeSummaries.AsNoTracking().Where(s => s.OrganisationId == organisationId).OrderBy(s => s.Version).ToListAsync();
        Assert.Equal(new[] { 2, 3 }, summaries.Select(s => s.Version));
        // Both versions came in with the one upgrade: the latest summary, the one managers see, carries the count.
        Assert.All(summaries, s => Assert.Equal(1, s.OverridesGivenReviewDate));
    }
}
