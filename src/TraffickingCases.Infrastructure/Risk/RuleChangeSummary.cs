using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TraffickingCases.Infrastructure.Risk;

/// <summary>
/// What a change of the rules did in one organisation that the flags themselves do not record: written by the migration
/// that brought the change in. The flags it ended say so in their end reason ("Rule changed: …").
/// </summary>
public sealed class RuleChangeSummary
{
    public Guid OrganisationId { get; set; }

    /// <summary>The rules version (<see cref="RulesService.RulesVersion"/>) brought in.</summary>
    public int Version { get; set; }

    public DateTimeOffset AppliedAt { get; set; }

    /// <summary>Overrides of the risk level that had no review date and were given one, three months after the change.</summary>
    public int OverridesGivenReviewDate { get; set; }
}

/// <summary>A manager has read the one-off summary of a change of the rules; it is no longer offered to them.</summary>
public sealed class RuleChangeSummarySeen
{
    public string UserId { get; set; } = string.Empty;

    public int Version { get; set; }

    public DateTimeOffset SeenAt { get; set; }
}

internal sealed class RuleChangeSummaryConfiguration : IEntityTypeConfiguration<RuleChangeSummary>, IEntityTypeConfiguration<RuleChangeSummarySeen>
{
    public void Configure(EntityTypeBuilder<RuleChangeSummary> builder)
    {
        builder.ToTable("rule_change_summaries");
        builder.HasKey(s => new { s.OrganisationId, s.Version });
    }

    public void Configure(EntityTypeBuilder<RuleChangeSummarySeen> builder)
    {
        builder.ToTable("rule_change_summaries_seen");
        builder.HasKey(s => new { s.UserId, s.Version });
        builder.Property(s => s.UserId).HasMaxLength(450);
    }
}
