using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Import;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc organisation add</c>: adds an organisation.</summary>
internal static class OrganisationCommand
{
    public static Command Create(CommandRunner runner)
    {
        var code = new Option<string>("--code") { Description = "Short code, e.g. NSC.", Required = true };
        var name = new Option<string>("--name") { Description = "The organisation's name.", Required = true };
        var type = Typed.Choice("--type", "What kind of organisation it is.", ImportFormats.OrganisationTypes.Select(t => (t.Key, t.Value)).ToList());
        type.Required = true;
        var ictg = new Option<bool>("--ictg-area") { Description = "Independent Child Trafficking Guardians serve this area." };
        var add = new Command("add", "Add an organisation.") { code, name, type, ictg };
        add.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var db = services.GetRequiredService<CasesDbContext>();
            var organisation = new Organisation(parse.GetRequiredValue(code), parse.GetRequiredValue(name), parse.GetValue(type), parse.GetValue(ictg));
            if (await db.Organisations.AnyAsync(o => o.Code == organisation.Code, token))
            {
                throw new CommandException($"an organisation with the code {organisation.Code} already exists");
            }

            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(token);
            return $"added organisation {organisation.Code} ({organisation.Name})";
        }, ct));
        return new Command("organisation", "Manage organisations.") { add };
    }
}
