using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;

using TraffickingCases.Infrastructure.Matching;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>The one database context: case records and Identity.</summary>
public sealed class CasesDbContext(DbContextOptions<CasesDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Data Protection's keys (cookies, tokens), shared by every instance of the app.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Signed-in sessions, held on the server.</summary>
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public const string ChildReferenceSequence = "child_reference_seq";

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Child> Children => Set<Child>();

    public DbSet<NrmReferral> Referrals => Set<NrmReferral>();

    public DbSet<MissingEpisode> MissingEpisodes => Set<MissingEpisode>();

    public DbSet<Placement> Placements => Set<Placement>();

    public DbSet<SupportRequest> SupportRequests => Set<SupportRequest>();

    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();

    public DbSet<SupervisionNote> SupervisionNotes => Set<SupervisionNote>();

    public DbSet<MissingProfile> MissingProfiles => Set<MissingProfile>();

    public DbSet<Notifications.NotificationEvent> NotificationEvents => Set<Notifications.NotificationEvent>();

    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();

    public DbSet<Notifications.OutboxMessage> OutboxMessages => Set<Notifications.OutboxMessage>();

    public DbSet<Flag> Flags => Set<Flag>();

    public DbSet<FlagEvent> FlagEvents => Set<FlagEvent>();

    public DbSet<ChildMerge> ChildMerges => Set<ChildMerge>();

    public DbSet<MatchDecision> MatchDecisions => Set<MatchDecision>();

    public DbSet<StoredMatchModel> MatchModels => Set<StoredMatchModel>();

    public DbSet<Risk.RuleChangeSummary> RuleChangeSummaries => Set<Risk.RuleChangeSummary>();

    public DbSet<Risk.RuleChangeSummarySeen> RuleChangeSummariesSeen => Set<Risk.RuleChangeSummarySeen>();

    /// <summary>The append-only audit trail; read here, written only by <see cref="AuditInterceptor"/>.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Takes the next human-readable child reference, e.g. TC-000123.</summary>
    public async Task<string> NextChildReferenceAsync(CancellationToken ct = default) =>
        (await NextChildReferencesAsync(1, ct))[0];

    public async Task<IReadOnlyList<string>> NextChildReferencesAsync(int count, CancellationToken ct = default)
    {
        var numbers = await Database
            .SqlQueryRaw<long>($"SELECT nextval('{ChildReferenceSequence}') AS \"Value\" FROM generate_series(1, {{0}})", count)
            .ToListAsync(ct);
        return numbers.Select(FormatReference).ToList();
    }

    public static string FormatReference(long number) => $"TC-{number:000000}";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity names its tables AspNet*; keep every table snake_case.
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        builder.Entity<IdentityUserPasskey<string>>().ToTable("user_passkeys");
        builder.HasPostgresExtension("pg_trgm");
        builder.HasSequence<long>(ChildReferenceSequence);
        builder.ApplyConfigurationsFromAssembly(typeof(CasesDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Closed sets are stored by name, so SQL and exports read plainly; flags stay an integer bit set.
        configurationBuilder.Properties<OrganisationType>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<DobPrecision>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<Gender>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<ExploitationLocation>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<CompetentAuthority>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<DecisionOutcome>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<PoliceRiskGrading>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<PlacementType>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<MatchDecisionKind>().HaveConversion<string>().HaveMaxLength(40);
        configurationBuilder.Properties<SupportType>().HaveConversion<string>().HaveMaxLength(40);
    }
}
