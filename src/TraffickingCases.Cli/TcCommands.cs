using System.CommandLine;
using System.CommandLine.Invocation;
using Microsoft.Extensions.Configuration;
using TraffickingCases.Cli.Commands;

namespace TraffickingCases.Cli;

/// <summary>
/// <c>tc</c>: the operator's verbs, one file each under <c>Commands/</c>. A bad argument is refused by the command line
/// itself, before anything runs; see <see cref="ExitCodes"/> for what a non-zero exit means.
/// </summary>
public static class TcCommands
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? configuration = null)
    {
        var runner = new CommandRunner(configuration ?? new ConfigurationBuilder().AddEnvironmentVariables().Build(), output, error);
        var root = new RootCommand("tc: operate TraffickingCases from the command line. Reads ConnectionStrings__Cases or TC_CONNECTION_STRING.")
        {
            MigrateCommand.Create(runner),
            SeedDemoCommand.Create(runner),
            OrganisationCommand.Create(runner),
            CreateUserCommand.Create(runner),
            ImportCommand.Create(runner),
            GenerateCommand.Create(runner),
            SweepCommand.Create(runner),
            MatchCommand.Create(runner),
            BenchCommand.Create(runner),
            FlagsCommand.Create(runner),
            VerifyAuditCommand.Create(runner),
            AuditCommand.Create(runner),
            RecordRetentionCommand.Create(runner),
            ExportCommand.Create(runner),
        };

        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            // One line per problem, in the same form as a verb's own errors, and no help page to scroll past.
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message.ReplaceLineEndings(" ")}");
            }

            return ExitCodes.Failed;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
