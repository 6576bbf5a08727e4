using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Demo;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc seed-demo</c>: demo organisations, one user per role and synthetic children, in Development only.</summary>
internal static class SeedDemoCommand
{
    public static Command Create(CommandRunner runner)
    {
        var children = new Option<int>("--children") { Description = "How many demo children to create.", DefaultValueFactory = _ => 200 }.AtLeast(0);
        var command = new Command("seed-demo", "Create demo organisations, one user per role and about 200 children (no-op when data exists).") { children };
        command.SetAction((parse, ct) => runner.RunAsync((services, token) =>
        {
            // Demo accounts have a published password: never outside Development.
            var environment = runner.Configuration["ASPNETCORE_ENVIRONMENT"] ?? runner.Configuration["DOTNET_ENVIRONMENT"];
            if (!string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandException(
                    "seed-demo creates accounts with a published password, so it runs only with ASPNETCORE_ENVIRONMENT=Development " +
                    "(scripts/run.sh and scripts/tc set it). In production create users with 'tc create-user'.");
            }

            return services.GetRequiredService<DemoSeeder>().SeedAsync(parse.GetValue(children), ct: token);
        }, ct));
        return command;
    }
}
