using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Infrastructure.Persistence.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.ToTable("organisations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Code).HasMaxLength(20);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.HasIndex(o => o.Code).IsUnique();
        builder.Property(o => o.OutOfHoursEmail).HasMaxLength(256);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.OrganisationId);
        builder.Property(u => u.SupervisorId).HasMaxLength(450);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(u => u.SupervisorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(u => u.SupervisorId);
    }
}
