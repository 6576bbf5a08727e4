using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Infrastructure.Persistence.Configurations;

internal sealed class FlagConfiguration : IEntityTypeConfiguration<Flag>
{
    public void Configure(EntityTypeBuilder<Flag> builder)
    {
        builder.ToTable("flags");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.RuleCode).HasMaxLength(10);
        builder.Property(f => f.Evidence).HasMaxLength(4000);
        builder.Property(f => f.MatchProbability);
        builder.Property(f => f.MatchModelVersion);
        builder.Property(f => f.OccurrenceKey).HasMaxLength(2000);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.EndReason).HasMaxLength(Flag.MaxReasonLength);
        builder.Property(f => f.IsLive).HasDefaultValue(false);
        // A stable order for paging the queue by key (many flags share a raised-at time after an import).
        builder.Property<long>(ShadowProperties.FlagSequence).UseIdentityAlwaysColumn();
        builder.Ignore(f => f.IsOpen);
        builder.Ignore(f => f.IsManual);
        builder.Ignore(f => f.IsOutsideRules);
        builder.Ignore(f => f.IsEnded);
        builder.HasOne<Child>().WithMany().HasForeignKey(f => f.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(f => f.Events).WithOne().HasForeignKey(e => e.FlagId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(f => f.Events).UsePropertyAccessMode(PropertyAccessMode.Field);

        // At most one open flag per child, rule and occurrence, enforced by the database as well as the code: two instances
        // evaluating one child never duplicate a flag, and a new occurrence is a new flag.
        builder.HasIndex(f => new { f.ChildId, f.RuleCode, f.OccurrenceKey })
            .IsUnique()
            .HasFilter("status IN ('Open', 'Acknowledged') AND rule_code NOT IN ('MANUAL', 'RR-00')")
            .HasDatabaseName("ux_flags_one_open_per_occurrence");
        builder.HasIndex(f => new { f.ChildId, f.Status });
        builder.HasIndex(f => new { f.RaisedAt, f.Id }); // the export's order (ExportDatasets.Flags)

        // The child's organisation, set by the database from the child on every insert and move (trigger
        // flags_set_organisation): the queue reads one organisation's flags in its order from an index.
        builder.Property<Guid>(ShadowProperties.FlagOrganisation).ValueGeneratedOnAddOrUpdate();
        builder.Property<Guid>(ShadowProperties.FlagOrganisation).Metadata.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        builder.Property<Guid>(ShadowProperties.FlagOrganisation).Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);

        // The manager's queue: highest severity first, then oldest, then raising order; the open flags by a
        // partial index, the other statuses by one that leads with the status.
        string[] queueKey = [ShadowProperties.FlagOrganisation, nameof(Flag.Severity), nameof(Flag.RaisedAt), ShadowProperties.FlagSequence];
        builder.HasIndex(queueKey, "ix_flags_queue_open").IsDescending(false, true, false, false).HasDatabaseName("ix_flags_queue_open")
            .HasFilter("status IN ('Open', 'Acknowledged')");
        builder.HasIndex(
                [ShadowProperties.FlagOrganisation, nameof(Flag.Status), nameof(Flag.Severity), nameof(Flag.RaisedAt), ShadowProperties.FlagSequence],
                "ix_flags_queue_by_status")
            .IsDescending(false, false, true, false, false).HasDatabaseName("ix_flags_queue_by_status");
        // The one-off summary of what the change of rules ended, per organisation.
        builder.HasIndex([ShadowProperties.FlagOrganisation, nameof(Flag.RuleCode)], "ix_flags_ended_by_rule_change")
            .HasDatabaseName("ix_flags_ended_by_rule_change").HasFilter("status = 'Ended' AND end_reason LIKE 'Rule changed%'");
        // The queue filtered by rule, and the dashboard's counts of children by rule and severity: index-only, one organisation.
        builder.HasIndex([ShadowProperties.FlagOrganisation, nameof(Flag.RuleCode), nameof(Flag.Severity), nameof(Flag.RaisedAt), ShadowProperties.FlagSequence],
                "ix_flags_queue_rule")
            .IsDescending(false, false, true, true, true).HasDatabaseName("ix_flags_queue_rule")
            .IncludeProperties(nameof(Flag.ChildId))
            .HasFilter("status IN ('Open', 'Acknowledged')");
        // The dashboard's children with an open flag of a severity: index-only, in child order, without the pairs.
        builder.HasIndex([ShadowProperties.FlagOrganisation, nameof(Flag.Severity), nameof(Flag.ChildId)], "ix_flags_open_severity_child")
            .HasDatabaseName("ix_flags_open_severity_child")
            .HasFilter("status IN ('Open', 'Acknowledged') AND rule_code <> 'RR-00'");
        builder.HasIndex(queueKey, "ix_flags_matches_open").IsDescending(false, true, false, false).HasDatabaseName("ix_flags_matches_open")
            .HasFilter("status IN ('Open', 'Acknowledged') AND rule_code = 'RR-00'");
    }
}

internal sealed class FlagEventConfiguration : IEntityTypeConfiguration<FlagEvent>
{
    public void Configure(EntityTypeBuilder<FlagEvent> builder)
    {
        builder.ToTable("flag_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.ByUserId).HasMaxLength(450);
        builder.Property(e => e.ByName).HasMaxLength(200);
        builder.Property(e => e.Note).HasMaxLength(4000);
        builder.HasIndex(e => new { e.FlagId, e.At });
    }
}
