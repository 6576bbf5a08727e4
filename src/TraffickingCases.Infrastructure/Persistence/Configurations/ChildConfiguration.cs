using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Identity;
using Severity = TraffickingCases.Domain.Risk.Severity;

namespace TraffickingCases.Infrastructure.Persistence.Configurations;

internal sealed class ChildConfiguration : IEntityTypeConfiguration<Child>
{
    public void Configure(EntityTypeBuilder<Child> builder)
    {
        builder.ToTable("children");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reference).HasMaxLength(20);
        builder.Property(c => c.ExternalId).HasMaxLength(100);
        builder.Property(c => c.GivenNames).HasMaxLength(Child.MaxNameLength);
        builder.Property(c => c.FamilyName).HasMaxLength(Child.MaxNameLength);
        builder.PrimitiveCollection(c => c.OtherNames).HasField("_otherNames").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.PrimitiveCollection(c => c.Nationalities).HasField("_nationalities").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.FirstLanguage).HasMaxLength(100);

        // Candidate search for the same child: name-pair keys (GIN, array overlap); the canonical name for exact look-ups.
        builder.PrimitiveCollection(c => c.MatchKeys).HasField("_matchKeys").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(c => c.MatchKeys).HasMethod("gin");
        builder.Property(c => c.MatchName).HasMaxLength(401);
        builder.HasIndex(c => new { c.MatchName, c.DateOfBirth }).HasDatabaseName("ix_children_match_name_exact");
        builder.HasIndex(c => c.DateOfBirth, "ix_children_date_of_birth").HasDatabaseName("ix_children_date_of_birth");
        builder.Property(c => c.AssignedCaseworkerId).HasMaxLength(450);
        builder.Property(c => c.Version).IsRowVersion();
        builder.Property(c => c.RiskOverrideReason).HasMaxLength(2000);
        builder.Property(c => c.RiskOverrideById).HasMaxLength(450);
        builder.Property(c => c.RiskOverrideByName).HasMaxLength(200);
        builder.Ignore(c => c.FullName);
        builder.Ignore(c => c.IsMerged);
        builder.HasOne<Child>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.CurrentMissingEpisode);

        // Lower-cased names, other names included, for search; a trigram index makes "contains" searches use
        // an index. tc_search_text is an immutable SQL function made by the migration (array_to_string is only stable).
        builder.Property<string>(ShadowProperties.SearchName)
            .HasComputedColumnSql("tc_search_text(given_names, family_name, other_names)", stored: true);
        builder.HasIndex(ShadowProperties.SearchName).HasMethod("gin").HasOperators("gin_trgm_ops");

        builder.HasIndex(c => c.Reference).IsUnique();
        builder.HasIndex(c => c.ExternalId).IsUnique();

        // The summary every list shows (CaseSummary), written by ChildSummaries, never by the change tracker.
        builder.Property<int>(ShadowProperties.OpenFlags).HasDefaultValue(0);
        builder.Property<int>(ShadowProperties.ActiveFlags).HasDefaultValue(0);
        builder.Property<Severity?>(ShadowProperties.HighestSeverity);
        builder.Property<Severity>(ShadowProperties.RiskLevel).HasDefaultValue(Severity.Low).HasSentinel(Severity.Low);
        builder.Property<NrmStage>(ShadowProperties.NrmStage).HasConversion<string>().HasMaxLength(40)
            .HasDefaultValue(NrmStage.NoReferral).HasSentinel(NrmStage.NoReferral);
        builder.Property<bool>(ShadowProperties.MissingNow).HasDefaultValue(false);
        builder.Property<int>(ShadowProperties.ReferralCount).HasDefaultValue(0);
        builder.Property<DateTimeOffset?>(ShadowProperties.NextDueAt);
        builder.Property<int>(ShadowProperties.RulesVersion).HasDefaultValue(0);

        // Caseloads page by key within one organisation: all of it, one caseworker's, the flagged children.
        // Merged records never list, so they are left out of the indexes.
        builder.HasIndex(c => new { c.OrganisationId, c.LastActivityAt, c.Reference }, "ix_children_caseload").IsDescending(false, true, true).HasDatabaseName("ix_children_caseload")
            .HasFilter("merged_into_id IS NULL");
        builder.HasIndex(c => new { c.OrganisationId, c.AssignedCaseworkerId, c.LastActivityAt, c.Reference }, "ix_children_caseworker_caseload")
            .IsDescending(false, false, true, true).HasDatabaseName("ix_children_caseworker_caseload").HasFilter("merged_into_id IS NULL");
        builder.HasIndex(c => new { c.OrganisationId, c.LastActivityAt, c.Reference }, "ix_children_flagged_caseload").IsDescending(false, true, true).HasDatabaseName("ix_children_flagged_caseload")
            .HasFilter("merged_into_id IS NULL AND open_flags > 0");
        // The sweep: children whose flags can change with time alone, by when (null: never evaluated yet).
        builder.HasIndex(ShadowProperties.NextDueAt);
        builder.HasIndex(ShadowProperties.RulesVersion);
        // "Missing now" lists (caseload filter, My work, dashboard) read the few missing children of an organisation.
        builder.HasIndex(c => new { c.OrganisationId, c.LastActivityAt, c.Reference }, "ix_children_missing_now").IsDescending(false, true, true)
            .HasDatabaseName("ix_children_missing_now").HasFilter("merged_into_id IS NULL AND missing_now");

        // Exports stream each dataset in its order (ExportDatasets, OrderBy) straight from an index like this one,
        // the first row at once instead of after a sort of them all.
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter("merged_into_id IS NULL");

        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.AssignedCaseworkerId).OnDelete(DeleteBehavior.SetNull);

        builder.HasMany(c => c.Referrals).WithOne().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.MissingEpisodes).WithOne().HasForeignKey(e => e.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Placements).WithOne().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.SupportRequests).WithOne().HasForeignKey(s => s.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.ChildId).OnDelete(DeleteBehavior.Cascade);
        foreach (var navigation in new[] { nameof(Child.Referrals), nameof(Child.MissingEpisodes), nameof(Child.Placements), nameof(Child.SupportRequests), nameof(Child.Notes) })
        {
            builder.Navigation(navigation).UsePropertyAccessMode(PropertyAccessMode.Field);
        }
    }
}

/// <summary>The "entered in error" columns every record of a child's history has.</summary>
internal static class ErrorMarks
{
    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : class
    {
        builder.Property<string?>("EnteredInErrorReason").HasMaxLength(2000);
        builder.Property<string?>("EnteredInErrorById").HasMaxLength(450);
        builder.Property<string?>("EnteredInErrorByName").HasMaxLength(200);
        builder.Ignore("IsEnteredInError");
    }
}

internal sealed class SupervisionNoteConfiguration : IEntityTypeConfiguration<SupervisionNote>
{
    public void Configure(EntityTypeBuilder<SupervisionNote> builder)
    {
        builder.ToTable("supervision_notes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Text).HasMaxLength(SupervisionNote.MaxLength);
        builder.Property(n => n.AuthorId).HasMaxLength(450);
        builder.Property(n => n.AuthorName).HasMaxLength(200);
        builder.HasOne<Child>().WithMany().HasForeignKey(n => n.ChildId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.ChildId, n.WrittenAt });
    }
}

internal sealed class MissingProfileConfiguration : IEntityTypeConfiguration<MissingProfile>
{
    public void Configure(EntityTypeBuilder<MissingProfile> builder)
    {
        builder.ToTable("missing_profiles");
        builder.HasKey(p => p.ChildId);
        builder.Property(p => p.ChildId).ValueGeneratedNever();
        builder.Property(p => p.Description).HasMaxLength(MissingProfile.MaxLength);
        builder.Property(p => p.Associates).HasMaxLength(MissingProfile.MaxLength);
        builder.Property(p => p.Places).HasMaxLength(MissingProfile.MaxLength);
        builder.Property(p => p.PhoneNumbers).HasMaxLength(MissingProfile.MaxLength);
        builder.Property(p => p.UpdatedById).HasMaxLength(450);
        builder.Property(p => p.UpdatedByName).HasMaxLength(200);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasOne<Child>().WithOne().HasForeignKey<MissingProfile>(p => p.ChildId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NrmReferralConfiguration : IEntityTypeConfiguration<NrmReferral>
{
    public void Configure(EntityTypeBuilder<NrmReferral> builder)
    {
        builder.ToTable("nrm_referrals");
        ErrorMarks.Configure(builder);
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.FirstResponderOrganisation).HasMaxLength(200);
        builder.Property(r => r.FutureExploitationReasons).HasMaxLength(4000);
        builder.Property(r => r.WithdrawalReason).HasMaxLength(2000);
        builder.Property(r => r.Version).IsRowVersion();
        builder.Ignore(r => r.IsOpen);
        builder.HasIndex(r => new { r.ChildId, r.ReferralDate });
        builder.HasIndex(r => new { r.ReferralDate, r.Id }); // the export's order
    }
}

internal sealed class MissingEpisodeConfiguration : IEntityTypeConfiguration<MissingEpisode>
{
    public void Configure(EntityTypeBuilder<MissingEpisode> builder)
    {
        builder.ToTable("missing_episodes");
        ErrorMarks.Configure(builder);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.PoliceReference).HasMaxLength(50);
        builder.Property(e => e.Concerns).HasMaxLength(4000);
        builder.Ignore(e => e.IsOngoing);
        builder.HasIndex(e => new { e.ChildId, e.WentMissingAt });
        builder.HasIndex(e => new { e.WentMissingAt, e.Id }); // the export's order
    }
}

internal sealed class PlacementConfiguration : IEntityTypeConfiguration<Placement>
{
    public void Configure(EntityTypeBuilder<Placement> builder)
    {
        builder.ToTable("placements");
        ErrorMarks.Configure(builder);
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Area).HasMaxLength(100);
        builder.HasIndex(p => new { p.ChildId, p.StartDate });
        builder.HasIndex(p => new { p.StartDate, p.Id }); // the export's order
    }
}

internal sealed class SupportRequestConfiguration : IEntityTypeConfiguration<SupportRequest>
{
    public void Configure(EntityTypeBuilder<SupportRequest> builder)
    {
        builder.ToTable("support_requests");
        ErrorMarks.Configure(builder);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Ignore(s => s.IsWaiting);
        builder.HasIndex(s => new { s.ChildId, s.RequestedOn });
        builder.HasIndex(s => new { s.RequestedOn, s.Id }); // the export's order
    }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> builder)
    {
        builder.ToTable("case_notes");
        ErrorMarks.Configure(builder);
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Text).HasMaxLength(CaseNote.MaxLength);
        builder.Property(n => n.AuthorId).HasMaxLength(450);
        builder.Property(n => n.AuthorName).HasMaxLength(200);
        builder.HasIndex(n => new { n.ChildId, n.WrittenAt });
    }
}
