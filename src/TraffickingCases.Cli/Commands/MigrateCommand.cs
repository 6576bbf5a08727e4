using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Cli.Commands;

/// <summary>
/// <c>tc migrate</c>: applies the migrations, then fills in search keys a migration left empty. With <c>--check</c> it
/// changes nothing and fails while any migration is pending: a replica's init container runs it as the app's role, so
/// the app starts only once the owner's one-shot migration has finished (docs/operations.md#deploying).
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CommandRunner runner)
    {
        var check = new Option<bool>("--check") { Description = "Apply nothing; fail (exit code 1) while any migration is pending." };
        var command = new Command("migrate", "Apply the database migrations.") { check };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var db = services.GetRequiredService<CasesDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(token)).Count();
            if (parse.GetValue(check))
            {
                return pending == 0
                    ? "up to date: no migration pending"
                    : throw new CommandException($"{pending} migration{(pending == 1 ? " is" : "s are")} pending: run tc migrate as the database owner");
            }

            await db.Database.MigrateAsync(token);
            var backfilled = await CandidateSearch.BackfillKeysAsync(db, token);
            return $"migrated: {pending} migration{(pending == 1 ? string.Empty : "s")} applied"
                + (backfilled > 0 ? $"; search keys filled in for {backfilled} children" : string.Empty);
        }, ct));
        return command;
    }
}
