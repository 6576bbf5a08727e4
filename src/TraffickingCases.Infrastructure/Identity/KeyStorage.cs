using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// Data Protection keys (cookies, session tickets, invitation links) kept in PostgreSQL, so every instance and the CLI
/// share them and a restart keeps them, under one application name, and encrypted at rest with the certificate named by
/// <c>DataProtection:CertificatePath</c> (and <c>DataProtection:CertificatePassword</c>) when one is given.
/// </summary>
public static class KeyStorage
{
    public const string ApplicationName = "TraffickingCases";

    public static IServiceCollection AddAppDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CasesDbContext>();
        if (Certificate(configuration) is { } certificate)
        {
            keys.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return services;
    }

    /// <summary>The certificate named in configuration, or null when none is named, the file is missing or will not open (the web app's start-up check says which).</summary>
    public static X509Certificate2? Certificate(IConfiguration configuration)
    {
        var path = configuration["DataProtection:CertificatePath"];
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // a wrong password: the start-up check names DataProtection:CertificatePassword rather than crash here
        }
    }
}
