using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using TraffickingCases.Web.Infrastructure;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>Issue 13, finding 9: keys shared through the database and kept across restarts; no Production start on missing secrets or published defaults.</summary>
public sealed class KeysAndSecretsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-keys-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Certificate(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=TraffickingCases data protection (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void Every_missing_secret_and_published_default_is_named()
    {
        var problems = KeysAndSecrets.Problems(Settings(new()
        {
            ["ConnectionStrings:Cases"] = "Host=db;Database=trafficking_cases;Username=tc_web;Password=change-me-in-production",
        }), demoAccountsPresent: true);

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Exports:PseudonymKey", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DataProtection:CertificatePath", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ConnectionStrings:Cases", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("demo accounts", StringComparison.Ordinal));
    }

    [Fact]
    public void Own_secrets_and_a_readable_certificate_pass_and_a_wrong_certificate_password_does_not()
    {
        var path = Certificate("pfx-password-for-tests");
        Dictionary<string, string?> values = new()
        {
            ["ConnectionStrings:Cases"] = "Host=db;Database=trafficking_cases;Username=tc_web;Password=a-password-of-our-own",
            ["Exports:PseudonymKey"] = TestApp.PseudonymKey,
            ["DataProtection:CertificatePath"] = path,
            ["DataProtection:CertificatePassword"] = "pfx-password-for-tests",
        };

        Assert.Empty(KeysAndSecrets.Problems(Settings(values), demoAccountsPresent: false));
        values["DataProtection:CertificatePassword"] = "not-it";
        Assert.Equal(["DataProtection:CertificatePath cannot be opened with DataProtection:CertificatePassword."], KeysAndSecrets.Problems(Settings(values), false));
    }

    [Fact]
    public async Task A_production_instance_refuses_to_start_with_demo_accounts_and_no_certificate()
    {
        await using (var seeding = new TestApp(_database, kestrel: false))
        {
            await seeding.SeedAsync(0);
        }

        await using var production = new TestApp(_database, kestrel: false, settings: new Dictionary<string, string> { ["Security:CheckProductionSecrets"] = "true" });

        var refused = Assert.ThrowsAny<Exception>(() => production.Services);
        var message = (refused as UnsafeConfigurationException ?? refused.InnerException as UnsafeConfigurationException ?? throw refused).Message;
        Assert.Contains("DataProtection:CertificatePath", message, StringComparison.Ordinal);
        Assert.Contains("demo accounts", message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Cases", message, StringComparison.Ordinal); // the test cluster's password is "tc"
    }

    [Fact]
    public void A_certificate_that_will_not_open_is_named_at_start_up_not_a_crash()
    {
        var path = Certificate("the-right-password");
        using var production = new TestApp(_database, kestrel: false, settings: new Dictionary<string, string>
        {
            ["Security:CheckProductionSecrets"] = "true", ["DataProtection:CertificatePath"] = path, ["DataProtection:CertificatePassword"] = "a-wrong-password",
        });

        var refused = Assert.ThrowsAny<Exception>(() => production.Services);

        Assert.Contains("cannot be opened with DataProtection:CertificatePassword", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_on_one_database_share_keys_encrypted_with_the_certificate_and_another_database_refuses_the_cookie()
    {
        var path = Certificate("pfx-password-for-tests");
        var settings = new Dictionary<string, string> { ["DataProtection:CertificatePath"] = path, ["DataProtection:CertificatePassword"] = "pfx-password-for-tests" };
        await using var first = new TestApp(_database, kestrel: false, settings: settings);
        await first.SeedAsync(0);
        var session = new Session(first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var signIn = await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = Session.Caseworker, ["Password"] = TraffickingCases.Infrastructure.Demo.DemoSeeder.DemoPassword });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tc_session=", StringComparison.Ordinal)).Split(';')[0];

        await using var second = new TestApp(_database, kestrel: false, settings: settings);
        await using var otherDatabase = await TestDatabase.CreateAsync();
        await using var elsewhere = new TestApp(otherDatabase, kestrel: false, settings: settings);

        Assert.Equal(HttpStatusCode.OK, await GetWithAsync(second, cookie));
        Assert.Equal(HttpStatusCode.Redirect, await GetWithAsync(elsewhere, cookie));
        await using var db = _database.CreateContext();
        var key = Assert.Single(await db.DataProtectionKeys.ToListAsync());
        Assert.Contains("EncryptedKey", key.Xml, StringComparison.Ordinal); // encrypted at rest with the certificate
    }

    [Fact]
    public async Task Without_a_pseudonym_key_an_export_is_refused_with_a_message_not_a_500()
    {
        await using var app = new TestApp(_database, kestrel: false, settings: new Dictionary<string, string> { ["Exports:PseudonymKey"] = "" });
        await app.SeedAsync(0);
        var auditor = new Session(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await auditor.SignInAsync(Session.Auditor);

        var response = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not set up", Session.Parse(await Session.Body(response)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> GetWithAsync(TestApp app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/children");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }
}
