using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Observability;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Bench;

namespace TraffickingCases.Cli;

/// <summary>
/// Runs a verb: builds the services it needs, prints its one-line result, and turns a failure the operator can fix
/// into one line on stderr and an <see cref="ExitCodes">exit code</see> instead of a stack trace.
/// </summary>
public sealed class CommandRunner(IConfiguration configuration, TextWriter output, TextWriter error)
{
    public IConfiguration Configuration => configuration;

    /// <summary>Where a verb's results go (stdout).</summary>
    public TextWriter Output => output;

    /// <summary>Where problems and progress go (stderr).</summary>
    public TextWriter Error => error;

    /// <summary>
    /// Runs a verb against the database, in one service scope, after the start-up checks the web app makes too; then
    /// chains the audit entries it wrote, unless <paramref name="chainWrites"/> is false.
    /// </summary>
    public Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<string>> action, CancellationToken ct, bool chainWrites = true) =>
        RunAsync(async token =>
        {
            var services = new ServiceCollection();
            services.AddCaseStore(Database.ConnectionString(configuration), configuration);
            services.AddUserStore(configuration);
            services.AddBenchmarks();
            services.AddLogging();
            services.AddScoped<IAuditActorSource, OperatorActorSource>();
            var traced = services.AddCaseTelemetry(configuration, "trafficking-cases-cli") is not null; // only with an OTLP endpoint (ADR 030)
            await using var provider = services.BuildServiceProvider();
            if (traced)
            {
                // No host starts them here; disposing the provider at the end flushes what they hold.
                provider.GetRequiredService<TracerProvider>();
                provider.GetRequiredService<MeterProvider>();
            }

            // Refuse nonsensical settings in any section before doing anything, as the web app does at start-up.
            provider.GetRequiredService<IStartupValidator>().Validate();
            string result;
            await using (var scope = provider.CreateAsyncScope())
            {
                result = await action(scope.ServiceProvider, token);
            }

            // Whatever the verb wrote to the audit trail is chained before the command ends (ADR 015), so a host
            // without the web app's chainer leaves nothing waiting.
            var chainer = provider.GetRequiredService<AuditChainer>();
            if (chainWrites && chainer.HasUnchainedWrites)
            {
                await chainer.ChainAsync(wait: true, token);
            }

            return result;
        }, ct);

    /// <summary>Runs a verb that needs no database, with the same reporting.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<string>> action, CancellationToken ct)
    {
        var (code, message) = await TryAsync(action, ct);
        if (message.Length > 0)
        {
            await (code == ExitCodes.Succeeded ? output : error).WriteLineAsync(message);
        }

        return code;
    }

    private async Task<(int Code, string Message)> TryAsync(Func<CancellationToken, Task<string>> action, CancellationToken ct)
    {
        try
        {
            return (ExitCodes.Succeeded, await action(ct));
        }
        catch (CommandException e)
        {
            return (ExitCodes.Failed, Line(e.Message));
        }
        catch (DomainValidationException e)
        {
            return (ExitCodes.Failed, Line(string.Join("; ", e.Errors.Select(x => x.Message))));
        }
        catch (AuditCheckpointException e)
        {
            return (ExitCodes.Failed, Line(e.Message));
        }
        catch (AuditChainBrokenException e)
        {
            return (ExitCodes.AuditChainBroken, Line(e.Message));
        }
        catch (DatabaseNotConfiguredException e)
        {
            return (ExitCodes.NotConfigured, Line(e.Message));
        }
        catch (Exception e) when (ConfigurationSections.IsInvalidSettings(e))
        {
            // One line per setting at fault, each naming its own section.
            return (ExitCodes.NotConfigured, string.Join(Environment.NewLine, ConfigurationSections.Describe(e).Select(Line)));
        }
        catch (Exception e) when (Database.IsMissing(e))
        {
            return (ExitCodes.NotConfigured, Line(
                $"the database \"{Database.NameIn(Database.ConnectionString(configuration))}\" does not exist on the server; create it with `tc migrate` (or scripts/run.sh), or check the connection string"));
        }
        catch (ExportNotConfiguredException e)
        {
            return (ExitCodes.NotConfigured, Line(e.Message));
        }
        catch (NpgsqlException e)
        {
            return (ExitCodes.NotConfigured, Line($"the database could not be reached or refused the command: {e.Message}"));
        }
    }

    private static string Line(string message) => $"error: {message.ReplaceLineEndings(" ")}";
}

/// <summary>The operator running `tc`: the machine account's name, so imports and user changes say who ran them.</summary>
public sealed class OperatorActorSource : IAuditActorSource
{
    public AuditActor Current() => new($"cli:{Environment.UserName}", $"tc ({Environment.UserName})", null, "Operator", null,
        System.Diagnostics.Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"));
}
