using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;

namespace TraffickingCases.Infrastructure.Demo;

/// <summary>Demo organisations, one user per role and about 200 children, for trying the app locally.</summary>
public sealed class DemoSeeder(CasesDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, ChildChanges changes, TimeProvider clock)
{
    public const string DemoPassword = "demo-password-2026";

    public static readonly IReadOnlyList<(string Email, string Name, string Role, string OrganisationCode)> DemoUsers =
    [
        ("caseworker@demo.test", "Sam Carter", Roles.Caseworker, "NSC"),
        ("manager@demo.test", "Priya Shah", Roles.Manager, "NSC"),
        ("auditor@demo.test", "Alex Morgan", Roles.Auditor, "NSC"),
        ("auditor.national@demo.test", "Robin Ellis", Roles.NationalAuditor, "NSC"),
        ("admin@demo.test", "Jo Admin", Roles.Admin, "NSC"),
        ("caseworker.east@demo.test", "Dan Okoro", Roles.Caseworker, "EBC"),
        ("manager.east@demo.test", "Grace Mensah", Roles.Manager, "EBC"),
    ];

    public async Task<string> SeedAsync(int children = 200, int seed = 2023, CancellationToken ct = default)
    {
        if (await db.Organisations.AnyAsync(ct))
        {
            return "demo data already present; nothing seeded";
        }

        var north = new Organisation("NSC", "North Shire Council", OrganisationType.LocalAuthority, isInIctgArea: true);
        var east = new Organisation("EBC", "East Borough Council", OrganisationType.LocalAuthority, isInIctgArea: false);
        var ngo = new Organisation("SFT", "Safe Futures Trust", OrganisationType.Ngo, isInIctgArea: false);
        db.Organisations.AddRange(north, east, ngo);
        await db.SaveChangesAsync(ct);

        await EnsureRolesAsync(roles);
        var organisations = new Dictionary<string, Organisation> { ["NSC"] = north, ["EBC"] = east, ["SFT"] = ngo };
        var userIds = new Dictionary<string, string>();
        foreach (var (email, name, role, code) in DemoUsers)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, OrganisationId = organisations[code].Id };
            Check(await users.CreateAsync(user, DemoPassword));
            Check(await users.AddToRoleAsync(user, role));
            userIds[email] = user.Id;
        }

        var now = clock.GetUtcNow();
        var population = new DemoPopulation(seed, now);
        var references = await db.NextChildReferencesAsync(children, ct);
        for (var i = 0; i < children; i++)
        {
            var inNorth = i % 4 != 3;
            var caseworker = inNorth ? (i % 10 < 7 ? userIds["caseworker@demo.test"] : null) : userIds["caseworker.east@demo.test"];
            db.Children.Add(population.NextChild(references[i], inNorth ? north : east, caseworker, $"DEMO-{i + 1:0000}"));
        }

        await db.SaveChangesAsync(ct);

        // The demo opens with the flags the rules raise on these histories.
        var ids = await db.Children.Select(c => c.Id).ToListAsync(ct);
        db.ChangeTracker.Clear();
        // Told as one run (one summary a person), not flag by flag, like an import.
        var runId = Guid.CreateVersion7();
        var flagged = await changes.ChangeManyAsync(async (batch, token) =>
        {
            await Notifications.ChangeSource.MarkAsync(db, Notifications.ChangeSource.Import, runId, token);
            batch.Changed(ids);
            return ChangeResult.Commit(ids.Count);
        }, ct);
        await Notifications.ChangeSource.FinishAsync(db, Notifications.ChangeSource.Import, runId, ct);
        var raised = flagged is ChangeResult<int>.Saved saved ? saved.Changes.FlagsRaised.Count : 0;
        return $"seeded 3 organisations, {DemoUsers.Count} users and {children} children; raised {raised} flags";
    }

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
