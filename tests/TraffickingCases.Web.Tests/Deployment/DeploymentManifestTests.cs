using System.Net;
using Npgsql;
using TraffickingCases.Web.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TraffickingCases.Web.Tests.Deployment;

/// <summary>
/// The deployments as committed: compose with replicas behind a proxy, and the Kubernetes example with its PostgreSQL
/// cluster. No container engine or cluster runs here, so the files are read (YamlDotNet) and checked for what matters:
/// users, secrets, probes, replicas and the order of migration and app. The probes' paths are asked of a real app.
/// </summary>
public sealed class DeploymentManifestTests
{
    private static readonly string Repository = FindRepository();
    private static readonly YamlMappingNode Compose = (YamlMappingNode)LoadAll("docker-compose.yml").Single();
    private static readonly List<YamlMappingNode> Kubernetes = Directory
        .GetFiles(Path.Combine(Repository, "deploy/k8s"), "*.yaml", SearchOption.AllDirectories)
        .SelectMany(f => LoadAll(Path.GetRelativePath(Repository, f))).ToList();

    [Fact]
    public void Compose_runs_at_least_two_replicas_of_the_app_behind_the_proxy_and_publishes_no_port_of_the_app()
    {
        var app = Service("app");
        Assert.True(int.Parse(Text(Map(app, "deploy"), "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.False(Has(app, "ports"), "a port published by the app would be taken by the first replica; the proxy is the way in");

        var proxy = Service("proxy");
        Assert.Equal("service_healthy", Text(Map(Map(proxy, "depends_on"), "app"), "condition"));
        Assert.Contains(Sequence(proxy, "ports"), p => p.EndsWith(":443", StringComparison.Ordinal));
        Assert.Matches(@"^\$\{TC_SITE_ADDRESS:\?[^}]+\}$", Text(Map(proxy, "environment"), "TC_SITE_ADDRESS"));

        // The Caddyfile it mounts asks Docker's DNS for every replica of "app", on the port the image listens on.
        var mount = Assert.Single(Sequence(proxy, "volumes"), v => v.EndsWith(":/etc/caddy/Caddyfile:ro", StringComparison.Ordinal));
        var caddyfile = File.ReadAllText(Path.Combine(Repository, mount[..mount.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Contains("{$TC_SITE_ADDRESS}", caddyfile, StringComparison.Ordinal);
        Assert.Contains("dynamic a app 8080", caddyfile, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS=http://+:8080", File.ReadAllText(Path.Combine(Repository, "Dockerfile")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_keeps_the_proxy_off_the_database_network_and_the_app_believes_forwarded_headers_from_the_proxys_network_only()
    {
        Assert.Contains("front", Sequence(Service("proxy"), "networks"));
        Assert.DoesNotContain("back", Sequence(Service("proxy"), "networks"));
        Assert.Equal(new[] { "back" }, Sequence(Service("db"), "networks"));
        Assert.Equal(new[] { "front", "back" }, Sequence(Service("app"), "networks"));
        Assert.Equal("true", Text(Map(Map(Compose, "networks"), "back"), "internal"));

        var subnet = Text((YamlMappingNode)((YamlSequenceNode)Map(Map(Map(Compose, "networks"), "front"), "ipam")["config"]).Children[0], "subnet");
        Assert.Equal(subnet, Text(Map(Service("app"), "environment"), "Security__KnownNetworks"));
    }

    [Fact]
    public void Compose_checks_each_replicas_readiness_with_a_host_the_app_answers()
    {
        var test = string.Join(' ', Sequence(Map(Service("app"), "healthcheck"), "test"));
        Assert.Contains("/health/ready", test, StringComparison.Ordinal);
        Assert.Contains("/dev/tcp/127.0.0.1/8080", test, StringComparison.Ordinal);
        Assert.Contains("Host: %s", test, StringComparison.Ordinal);
        Assert.Contains("\"$${AllowedHosts%%;*}\"", test, StringComparison.Ordinal); // $$: the container's variable, not compose's
    }

    [Fact]
    public void Kubernetes_runs_at_least_two_non_root_replicas_and_keeps_one_through_a_drain()
    {
        var deployment = Kind("Deployment");
        Assert.True(int.Parse(Text(Map(deployment, "spec"), "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var pod = PodSpec(deployment);
        var security = Map(pod, "securityContext");
        Assert.Equal("true", Text(security, "runAsNonRoot"));
        Assert.NotEqual("0", Text(security, "runAsUser"));
        Assert.Equal("false", Text(pod, "automountServiceAccountToken"));
        foreach (var container in Containers(pod, "containers").Concat(Containers(pod, "initContainers")))
        {
            var own = Map(container, "securityContext");
            Assert.Equal("false", Text(own, "allowPrivilegeEscalation"));
            Assert.Equal("true", Text(own, "readOnlyRootFilesystem"));
        }

        var labels = Map(Map(Map(Map(deployment, "spec"), "template"), "metadata"), "labels");
        Assert.Equal("1", Text(Map(Kind("PodDisruptionBudget"), "spec"), "minAvailable"));
        foreach (var selector in new[] { Map(Map(Map(Kind("PodDisruptionBudget"), "spec"), "selector"), "matchLabels"), Map(Map(Kind("Service"), "spec"), "selector") })
        {
            Assert.All(selector.Children, l => Assert.Equal(l.Value.ToString(), Text(labels, l.Key.ToString())));
        }

        var port = Text((YamlMappingNode)((YamlSequenceNode)Map(Kind("Service"), "spec")["ports"]).Children[0], "targetPort");
        Assert.Contains(Containers(pod, "containers").Single()["ports"].AllNodes.OfType<YamlMappingNode>(), p => Text(p, "name") == port);
    }

    [Fact]
    public async Task Kubernetes_probes_ask_the_apps_own_health_endpoints_with_a_host_it_answers()
    {
        var web = Containers(PodSpec(Kind("Deployment")), "containers").Single();
        var allowed = Text(Map(Kind("ConfigMap"), "data"), "AllowedHosts").Split(';');
        var probes = new[] { "livenessProbe", "readinessProbe", "startupProbe" }.ToDictionary(p => p, p => Map(Map(web, p), "httpGet"));
        Assert.Equal("/health/live", Text(probes["livenessProbe"], "path"));
        Assert.Equal("/health/ready", Text(probes["readinessProbe"], "path"));
        foreach (var probe in probes.Values)
        {
            var host = ((YamlSequenceNode)probe["httpHeaders"]).Children.Cast<YamlMappingNode>().Single(h => Text(h, "name") == "Host");
            Assert.Contains(Text(host, "value"), allowed);
        }

        // The paths answer 200 on a real app whose AllowedHosts is the ConfigMap's, and only with that Host header.
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false, settings: new Dictionary<string, string> { ["AllowedHosts"] = string.Join(';', allowed) });
        var client = app.CreateClient();
        foreach (var probe in probes.Values)
        {
            var path = Text(probe, "path");
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = allowed[0];
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
            using var podAddress = new HttpRequestMessage(HttpMethod.Get, path);
            podAddress.Headers.Host = "10.244.1.7:8080"; // what the kubelet sends without the header
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(podAddress)).StatusCode);
        }
    }

    [Fact]
    public void Kubernetes_takes_every_secret_from_a_secret_reference_and_commits_no_secret()
    {
        Assert.DoesNotContain(Kubernetes, d => Text(d, "kind") == "Secret");
        var variables = Kubernetes.SelectMany(d => d.AllNodes.OfType<YamlMappingNode>())
            .Where(m => m.Children.ContainsKey(new YamlScalarNode("name")) && (m.Children.ContainsKey(new YamlScalarNode("value")) || m.Children.ContainsKey(new YamlScalarNode("valueFrom"))))
            .ToList();
        var secretNames = variables.Where(v => IsSecret(Text(v, "name"))).ToList();
        Assert.True(secretNames.Count >= 5, $"only {secretNames.Count} secret settings were found");
        foreach (var variable in secretNames)
        {
            Assert.False(variable.Children.ContainsKey(new YamlScalarNode("value")), $"{Text(variable, "name")} is written in the manifest");
            Assert.True(Map(variable, "valueFrom").Children.ContainsKey(new YamlScalarNode("secretKeyRef")), $"{Text(variable, "name")} is not from a Secret");
        }

        foreach (var (key, value) in Kubernetes.Where(d => Text(d, "kind") == "ConfigMap").SelectMany(d => Map(d, "data").Children))
        {
            Assert.False(IsSecret(key.ToString()), $"the ConfigMap holds {key}");
            Assert.DoesNotContain("Password=", value.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // The database's own passwords: Secrets named by the cluster, never written in it.
        var cluster = Map(Kind("Cluster"), "spec");
        Assert.True(Map(Map(Map(cluster, "bootstrap"), "initdb"), "secret").Children.ContainsKey(new YamlScalarNode("name")));
        Assert.All(((YamlSequenceNode)Map(cluster, "managed")["roles"]).Children.Cast<YamlMappingNode>(),
            r => Assert.True(Map(r, "passwordSecret").Children.ContainsKey(new YamlScalarNode("name"))));
    }

    [Fact]
    public void Kubernetes_migrates_as_the_owner_in_a_job_and_the_app_waits_for_it_as_the_limited_role()
    {
        var job = Kind("Job");
        var migrate = Containers(PodSpec(job), "containers").Single();
        Assert.Equal("dotnet cli/tc.dll migrate", string.Join(' ', Sequence(migrate, "command")));
        var ownerSecret = SecretOf(migrate, "ConnectionStrings__Cases");
        Assert.Equal("Never", Text(PodSpec(job), "restartPolicy"));

        var pod = PodSpec(Kind("Deployment"));
        var wait = Containers(pod, "initContainers").Single();
        Assert.Equal("dotnet cli/tc.dll migrate --check", string.Join(' ', Sequence(wait, "command")));
        var appSecret = SecretOf(Containers(pod, "containers").Single(), "ConnectionStrings__Cases");
        Assert.Equal(appSecret, SecretOf(wait, "ConnectionStrings__Cases"));
        Assert.NotEqual(ownerSecret, appSecret);
        Assert.DoesNotContain(ownerSecret, Kind("Deployment").AllNodes.OfType<YamlScalarNode>().Select(s => s.Value));

        // The roles behind those Secrets: the cluster's owner runs the migrations; tc_web is neither owner nor superuser.
        var cluster = Map(Kind("Cluster"), "spec");
        Assert.Equal("tc", Text(Map(Map(cluster, "bootstrap"), "initdb"), "owner"));
        var role = ((YamlSequenceNode)Map(cluster, "managed")["roles"]).Children.Cast<YamlMappingNode>().Single(r => Text(r, "name") == "tc_web");
        Assert.Equal("false", Text(role, "superuser"));
        Assert.Equal("false", Text(role, "createrole"));
        Assert.Equal(new[] { "tc_app" }, Sequence(role, "inRoles"));
        var composeApp = new NpgsqlConnectionStringBuilder(Text(Map(Service("app"), "environment"), "ConnectionStrings__Cases")).Username;
        Assert.Equal(composeApp, Text(role, "name"));
    }

    [Fact]
    public void The_postgres_cluster_is_highly_available_and_its_pooler_keeps_session_advisory_locks_working()
    {
        var cluster = Map(Kind("Cluster"), "spec");
        Assert.True(int.Parse(Text(cluster, "instances"), System.Globalization.CultureInfo.InvariantCulture) >= 3);
        Assert.Equal("required", Text(Map(cluster, "affinity"), "podAntiAffinityType"));
        Assert.Equal("1", Text(Map(Map(cluster, "postgresql"), "synchronous"), "number"));
        Assert.StartsWith("ghcr.io/cloudnative-pg/postgresql:15", Text(cluster, "imageName"), StringComparison.Ordinal);

        var pooler = Map(Kind("Pooler"), "spec");
        Assert.Equal(Text(Map(Kind("Cluster"), "metadata"), "name"), Text(Map(pooler, "cluster"), "name"));
        Assert.Equal("transaction", Text(Map(pooler, "pgbouncer"), "poolMode"));
    }

    [Fact]
    public void Each_kustomization_lists_files_that_exist_and_every_manifest_is_in_one()
    {
        var listed = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Repository, "deploy/k8s"), "kustomization.yaml", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(file)!;
            foreach (var resource in Sequence(LoadAll(Path.GetRelativePath(Repository, file)).Single(), "resources"))
            {
                Assert.True(File.Exists(Path.Combine(folder, resource)), $"{file} lists {resource}, which is not there");
                listed.Add(Path.GetFullPath(Path.Combine(folder, resource)));
            }
        }

        // Applied on their own, when the operator says: the migration Job (before each release) and the optional pooler.
        string[] apart = ["kustomization.yaml", "job.yaml", "pooler.yaml"];
        var manifests = Directory.GetFiles(Path.Combine(Repository, "deploy/k8s"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => !apart.Contains(Path.GetFileName(f)));
        Assert.All(manifests, m => Assert.Contains(Path.GetFullPath(m), listed));
    }

    [Fact]
    public async Task Migrate_check_passes_on_a_current_schema_and_fails_while_a_migration_is_pending()
    {
        await using var current = await TestDatabase.CreateAsync();
        var ok = await current.TcAsync(["migrate", "--check"]);
        Assert.True(ok.Code == 0, ok.Error);
        Assert.Contains("up to date", ok.Output, StringComparison.Ordinal);

        await using var behind = await TestDatabase.CreateAsync("20261130111931_AuditTrail");
        var pending = await behind.TcAsync(["migrate", "--check"]);
        Assert.Equal(TraffickingCases.Cli.ExitCodes.Failed, pending.Code);
        Assert.Contains("pending: run tc migrate as the database owner", pending.Error, StringComparison.Ordinal);
        var stillBehind = await behind.TcAsync(["migrate", "--check"]);
        Assert.Equal(TraffickingCases.Cli.ExitCodes.Failed, stillBehind.Code); // --check applied nothing
    }

    private static bool IsSecret(string name) =>
        name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || name.Contains("PseudonymKey", StringComparison.Ordinal)
        || name.StartsWith("ConnectionStrings__", StringComparison.Ordinal);

    private static string SecretOf(YamlMappingNode container, string variable)
    {
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().Single(e => Text(e, "name") == variable);
        return Text(Map(Map(env, "valueFrom"), "secretKeyRef"), "name");
    }

    private static YamlMappingNode Kind(string kind) => Assert.Single(Kubernetes, d => Text(d, "kind") == kind);

    private static YamlMappingNode PodSpec(YamlMappingNode workload) => Map(Map(Map(workload, "spec"), "template"), "spec");

    private static IEnumerable<YamlMappingNode> Containers(YamlMappingNode pod, string key) =>
        Has(pod, key) ? ((YamlSequenceNode)pod[key]).Children.Cast<YamlMappingNode>() : [];

    private static YamlMappingNode Service(string name) => Map(Map(Compose, "services"), name);

    private static bool Has(YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static List<string> Sequence(YamlMappingNode node, string key) => ((YamlSequenceNode)node[key]).Children.Select(c => c.ToString()).ToList();

    private static string Text(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.ToString() : string.Empty;

    private static IEnumerable<YamlMappingNode> LoadAll(string relativePath)
    {
        using var reader = new StreamReader(Path.Combine(Repository, relativePath));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
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
}
