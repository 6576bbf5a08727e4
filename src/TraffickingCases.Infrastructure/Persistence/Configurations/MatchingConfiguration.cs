using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Persistence.Configurations;

internal sealed class ChildMergeConfiguration : IEntityTypeConfiguration<ChildMerge>
{
    public void Configure(EntityTypeBuilder<ChildMerge> builder)
    {
        builder.ToTable("child_merges");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.SurvivorReference).HasMaxLength(20);
        builder.Property(m => m.MergedReference).HasMaxLength(20);
        builder.Property(m => m.Reason).HasMaxLength(ChildMerge.MaxReasonLength);
        builder.Property(m => m.ById).HasMaxLength(450);
        builder.Property(m => m.ByName).HasMaxLength(200);
        builder.Property(m => m.UndoneById).HasMaxLength(450);
        builder.Property(m => m.UndoneByName).HasMaxLength(200);
        builder.Property(m => m.UndoReason).HasMaxLength(ChildMerge.MaxReasonLength);
        builder.Ignore(m => m.IsUndone);
        builder.HasOne<Child>().WithMany().HasForeignKey(m => m.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Child>().WithMany().HasForeignKey(m => m.MergedId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.SurvivorId);
        builder.HasIndex(m => m.MergedId);
    }
}

internal sealed class MatchDecisionConfiguration : IEntityTypeConfiguration<MatchDecision>
{
    public void Configure(EntityTypeBuilder<MatchDecision> builder)
    {
        builder.ToTable("match_decisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Reason).HasMaxLength(MatchDecision.MaxReasonLength);
        builder.Property(d => d.DecidedById).HasMaxLength(450);
        builder.Property(d => d.DecidedByName).HasMaxLength(200);
        builder.HasOne<Child>().WithMany().HasForeignKey(d => d.ChildAId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Child>().WithMany().HasForeignKey(d => d.ChildBId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.ChildAId, d.ChildBId });
        builder.HasIndex(d => d.ChildBId);
    }
}

internal sealed class StoredMatchModelConfiguration : IEntityTypeConfiguration<Matching.StoredMatchModel>
{
    public void Configure(EntityTypeBuilder<Matching.StoredMatchModel> builder)
    {
        builder.ToTable("match_models");
        builder.HasKey(m => m.Version);
        builder.Property(m => m.Version).UseIdentityAlwaysColumn();
        builder.Property(m => m.Parameters).HasColumnType("jsonb");
        builder.Property(m => m.FittedBy).HasMaxLength(200);
    }
}
