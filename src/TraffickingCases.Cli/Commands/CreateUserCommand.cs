using System.CommandLine;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc create-user</c>: the only way to create the first administrator in production.</summary>
internal static class CreateUserCommand
{
    public static Command Create(CommandRunner runner)
    {
        var email = new Option<string>("--email") { Description = "The user's email, used to sign in.", Required = true };
        var role = Typed.Choice("--role", "What the user may do.", Roles.All.Select(r => (r, r)).ToList());
        role.Required = true;
        var organisation = new Option<string>("--organisation") { Description = "The organisation's code.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (defaults to the email)." };
        var password = new Option<string?>("--password")
        {
            Description = "Initial password (at least 12 characters). Read from TC_NEW_USER_PASSWORD when omitted, or generated and printed.",
        };
        var command = new Command("create-user", "Create a user; the only way to create the first admin in production.") { email, role, organisation, name, password };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var roleName = parse.GetRequiredValue(role);
            var db = services.GetRequiredService<CasesDbContext>();
            var code = parse.GetRequiredValue(organisation).Trim().ToUpperInvariant();
            var org = await db.Organisations.SingleOrDefaultAsync(o => o.Code == code, token)
                ?? throw new CommandException($"no organisation has the code {code}; add it with 'tc organisation add'");
            await DemoSeeder.EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
            var userManager = services.GetRequiredService<UserManager<AppUser>>();
            var address = parse.GetRequiredValue(email).Trim();
            var generated = false;
            var secret = parse.GetValue(password) ?? runner.Configuration["TC_NEW_USER_PASSWORD"];
            if (string.IsNullOrEmpty(secret))
            {
                secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
                generated = true;
            }

            var user = new AppUser
            {
                UserName = address,
                Email = address,
                EmailConfirmed = true,
                DisplayName = parse.GetValue(name) ?? address,
                OrganisationId = org.Id,
            };
            var created = await userManager.CreateAsync(user, secret);
            if (!created.Succeeded)
            {
                throw new CommandException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await userManager.AddToRoleAsync(user, roleName);
            return $"created {roleName} {address} in {org.Code}" + (generated ? $"; initial password: {secret}" : string.Empty);
        }, ct));
        return command;
    }
}
