using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TraffickingCases.Infrastructure.Audit;

internal sealed class AuditLinkConfiguration : IEntityTypeConfiguration<AuditLink>
{
    public void Configure(EntityTypeBuilder<AuditLink> builder)
    {
        builder.ToTable("audit_chain");
        builder.HasKey(l => l.Position);
        builder.Property(l => l.Position).ValueGeneratedNever();
        builder.Property(l => l.PreviousHash).HasColumnType("character(64)");
        builder.Property(l => l.Hash).HasColumnType("character(64)");
        // Each entry is linked once. No foreign key to audit_entries: see ADR 015.
        builder.HasIndex(l => l.EntrySequence).IsUnique();
    }
}

internal sealed class AuditChainHorizonConfiguration : IEntityTypeConfiguration<AuditChainHorizon>
{
    public void Configure(EntityTypeBuilder<AuditChainHorizon> builder)
    {
        builder.ToTable("audit_chain_horizon", t => t.HasCheckConstraint("ck_audit_chain_horizon_one_row", "id = 1"));
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
    }
}
