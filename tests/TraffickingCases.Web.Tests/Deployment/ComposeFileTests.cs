using System.Text.RegularExpressions;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace TraffickingCases.Web.Tests.Deployment;

/// <summary>
/// docker-compose.yml as it is committed (Docker cannot run here, so the file is read): the app connects as the limited
/// role, not the owner; a one-shot service migrates first; and no password has a default to fall back to.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly string Repository = FindRepository();
    private static readonly YamlMappingNode Services = (YamlMappingNode)Load()["services"];

    [Fact]
    public void The_app_connects_as_a_role_that_is_neither_the_owner_nor_a_superuser()
    {
        var owner = Text(Environment("db"), "POSTGRES_USER");
        foreach (var service in new[] { "app", "tc" })
        {
            var user = new NpgsqlConnectionStringBuilder(Text(Environment(service), "ConnectionStrings__Cases")).Username;
            Assert.False(string.IsNullOrEmpty(user), $"{service} names no database user");
            Assert.NotEqual(owner, user);
            Assert.NotEqual("postgres", user);
        }

        Assert.False(Environment("app").Children.ContainsKey(new YamlScalarNode("Database__MigrateOnStartup")), "the app must not migrate on start-up");
    }

    [Fact]
    public void The_limited_role_is_created_in_the_databases_init_script_as_a_member_of_the_role_the_migrations_grant_to()
    {
        var user = new NpgsqlConnectionStringBuilder(Text(Environment("app"), "ConnectionStrings__Cases")).Username!;
        var mounts = ((YamlSequenceNode)Service("db")["volumes"]).Children.Select(v => v.ToString()).ToList();
        var init = Assert.Single(mounts, m => m.Contains(":/docker-entrypoint-initdb.d", StringComparison.Ordinal));
        var folder = Path.Combine(Repository, init[..init.IndexOf(':', StringComparison.Ordinal)]);
        var script = string.Join("\n", Directory.GetFiles(folder, "*.sh").Select(File.ReadAllText));

        Assert.Contains($"GRANT tc_app TO {user};", script, StringComparison.Ordinal);
        Assert.Contains($"ALTER ROLE {user} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE", script, StringComparison.Ordinal);
        Assert.Contains("TC_APP_DB_PASSWORD", Text(Environment("db"), "TC_APP_DB_PASSWORD"), StringComparison.Ordinal);
        var migration = File.ReadAllText(Path.Combine(Repository, "src/TraffickingCases.Infrastructure/Persistence/Migrations/20261130111931_AuditTrail.cs"));
        Assert.Contains("GRANT SELECT, INSERT ON audit_entries TO tc_app;", migration, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_shot_migrate_service_runs_as_the_owner_and_the_app_waits_for_it_to_succeed()
    {
        var migrate = Service("migrate");
        var run = string.Join(' ', new[] { "entrypoint", "command" }
            .Where(k => migrate.Children.ContainsKey(new YamlScalarNode(k)))
            .SelectMany(k => migrate[k] is YamlSequenceNode list ? list.Children.Select(c => c.ToString()) : [migrate[k].ToString()]));
        Assert.Equal("dotnet cli/tc.dll migrate", run);
        Assert.Equal(Text(Environment("db"), "POSTGRES_USER"), new NpgsqlConnectionStringBuilder(Text(Environment("migrate"), "ConnectionStrings__Cases")).Username);

        var waits = (YamlMappingNode)Service("app")["depends_on"];
        Assert.Equal("service_completed_successfully", ((YamlMappingNode)waits["migrate"])["condition"].ToString());
    }

    [Fact]
    public void No_password_or_connection_string_has_a_default_and_each_is_a_required_variable()
    {
        Assert.DoesNotContain("change-me", File.ReadAllText(Path.Combine(Repository, "docker-compose.yml")), StringComparison.OrdinalIgnoreCase);
        var checkedValues = 0;
        foreach (var (service, node) in Services.Children.Select(c => (c.Key.ToString(), (YamlMappingNode)c.Value)))
        {
            if (!node.Children.TryGetValue(new YamlScalarNode("environment"), out var environment))
            {
                continue;
            }

            foreach (var (name, value) in ((YamlMappingNode)environment).Children.Select(c => (c.Key.ToString(), c.Value.ToString())))
            {
                if (!name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                {
                    continue;
                }

                checkedValues++;
                var password = name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) ? new NpgsqlConnectionStringBuilder(value).Password ?? string.Empty : value;
                Assert.True(Required().IsMatch(password), $"{service}: {name} must take its password from a required variable (${{NAME:?message}}), not '{password}'");
                foreach (Match variable in Variable().Matches(value))
                {
                    Assert.True(variable.Groups["op"].Value is ":?" or "?", $"{service}: {name} gives {variable.Value} a default");
                }
            }
        }

        Assert.True(checkedValues >= 5, $"only {checkedValues} passwords and connection strings were found");
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static YamlMappingNode Environment(string service) => (YamlMappingNode)Service(service)["environment"];

    private static string Text(YamlMappingNode node, string key) => node[key].ToString();

    private static YamlMappingNode Load()
    {
        using var reader = new StreamReader(Path.Combine(Repository, "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TraffickingCases.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TraffickingCases.sln not found above the test's directory.");
    }

    /// <summary>A whole value that is one required variable, e.g. <c>${TC_DB_PASSWORD:?set it}</c>.</summary>
    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*:?\?[^}]*\}$")]
    private static partial Regex Required();

    /// <summary>Any interpolation, with its operator: <c>:-</c> and <c>-</c> give a default, <c>:?</c> and <c>?</c> require a value.</summary>
    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*(?<op>:?[-?+]|)[^}]*\}")]
    private static partial Regex Variable();
}
