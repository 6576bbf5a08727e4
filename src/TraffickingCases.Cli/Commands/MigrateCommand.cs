using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc migrate</c>: applies the migrations, then fills in search keys a migration left empty.</summary>
internal static class MigrateCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("migrate", "Apply the database migrations.");
        command.SetAction((_, ct) => runner.RunAsync(async (services, token) =>
        {
            var db = services.GetRequiredService<CasesDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(token)).Count();
            await db.Database.MigrateAsync(token);
            var backfilled = await CandidateSearch.BackfillKeysAsync(db, token);
            return $"migrated: {pending} migration{(pending == 1 ? string.Empty : "s")} applied"
                + (backfilled > 0 ? $"; search keys filled in for {backfilled} children" : string.Empty);
        }, ct));
        return command;
    }
}
