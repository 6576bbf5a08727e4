using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Data Protection keys (cookies, session tickets, invitation links) kept in PostgreSQL, so every instance shares them
/// and a restart keeps them, under one application name, encrypted at rest with a certificate named in configuration;
/// and the start-up check that refuses a Production instance whose secrets are missing or published defaults
/// (issue 13, finding 9). Every check is a setting: <c>Security:CheckProductionSecrets</c>, on outside Development.
/// </summary>
public static class KeysAndSecrets
{
    /// <summary>Passwords that appear in this repository (compose, scripts): never accepted in Production.</summary>
    public static readonly IReadOnlySet<string> PublishedPasswords = new HashSet<string>(StringComparer.Ordinal) { "change-me-in-production", "tc", "postgres" };

    /// <summary>The domain of the demo accounts <c>tc seed-demo</c> creates with a published password.</summary>
    public const string DemoDomain = "demo.test";

    public static bool CheckProductionSecrets(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("Security:CheckProductionSecrets") ?? !environment.IsDevelopment();

    public static void AddKeysAndSecrets(this WebApplicationBuilder builder) => builder.Services.AddAppDataProtection(builder.Configuration);

    /// <summary>What is wrong with this instance's secrets, each naming the setting to fix; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, bool demoAccountsPresent)
    {
        var problems = new List<string>();
        try
        {
            using var _ = new Pseudonymiser(new ExportSettings { PseudonymKey = configuration["Exports:PseudonymKey"] });
        }
        catch (ExportNotConfiguredException e)
        {
            problems.Add(e.Message);
        }

        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add("DataProtection:CertificatePath is not set: name a .pfx certificate (with DataProtection:CertificatePassword) that encrypts the Data Protection keys at rest.");
        }
        else if (!File.Exists(path))
        {
            problems.Add($"DataProtection:CertificatePath names a file that does not exist ({path}).");
        }
        else
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
                if (!certificate.HasPrivateKey)
                {
                    problems.Add("DataProtection:CertificatePath names a certificate without its private key.");
                }
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                problems.Add("DataProtection:CertificatePath cannot be opened with DataProtection:CertificatePassword.");
            }
        }

        var password = new NpgsqlConnectionStringBuilder(Database.ConnectionString(configuration)).Password;
        if (password is not null && PublishedPasswords.Contains(password))
        {
            problems.Add("ConnectionStrings:Cases uses a password published with this project: set a password of your own for the database role.");
        }

        if (demoAccountsPresent)
        {
            problems.Add($"The database holds the demo accounts (@{DemoDomain}), whose password is published: delete them before running in Production (or set Security:CheckProductionSecrets=false for a trial).");
        }

        return problems;
    }

    /// <summary>Refuses to start when <see cref="CheckProductionSecrets"/> is on and anything is wrong.</summary>
    public static async Task RefuseUnsafeStartAsync(this WebApplication app)
    {
        if (!CheckProductionSecrets(app.Configuration, app.Environment))
        {
            return;
        }

        bool demo;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CasesDbContext>();
            var suffix = "@" + DemoDomain.ToUpperInvariant();
            demo = await db.Users.AnyAsync(u => u.NormalizedEmail != null && u.NormalizedEmail.EndsWith(suffix));
        }

        var problems = Problems(app.Configuration, demo);
        if (problems.Count > 0)
        {
            throw new UnsafeConfigurationException(problems);
        }
    }
}

/// <summary>The instance would run with a missing secret or a published default; the message lists each setting to fix.</summary>
public sealed class UnsafeConfigurationException(IReadOnlyList<string> problems)
    : InvalidOperationException("Refusing to start (Security:CheckProductionSecrets is on):" + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
