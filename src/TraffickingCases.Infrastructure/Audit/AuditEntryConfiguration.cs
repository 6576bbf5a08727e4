using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TraffickingCases.Infrastructure.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).UseIdentityByDefaultColumn();
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(200);
        builder.Property(e => e.Role).HasMaxLength(50);
        builder.Property(e => e.ClientIp).HasMaxLength(64);
        builder.Property(e => e.CorrelationId).HasMaxLength(100);
        builder.Property(e => e.Action).HasMaxLength(40);
        builder.Property(e => e.EntityType).HasMaxLength(60);
        builder.Property(e => e.EntityId).HasMaxLength(200);
        builder.Property(e => e.Details).HasColumnType("jsonb");

        // The auditor's filters and the child's access log, each newest first by key.
        builder.HasIndex(e => new { e.ChildId, e.Sequence }).HasFilter("child_id IS NOT NULL");
        builder.HasIndex(e => new { e.ActorId, e.Sequence });
        builder.HasIndex(e => new { e.Action, e.Sequence });
        builder.HasIndex(e => e.OccurredAt);

        // A user's similar-children searches in the last hour: the cross-organisation lookup limit counts them on every search.
        builder.HasIndex(e => new { e.ActorId, e.OccurredAt }, "ix_audit_entries_similar_children")
            .HasFilter("entity_type = 'SimilarChildren'").HasDatabaseName("ix_audit_entries_similar_children");
    }
}
