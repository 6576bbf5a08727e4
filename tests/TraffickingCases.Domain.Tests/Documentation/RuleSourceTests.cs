using System.Text.RegularExpressions;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests.Documentation;

/// <summary>
/// <c>/rules</c> shows each rule's rationale and source to managers; a source that names a file must name one
/// a reader of this repository can open.
/// </summary>
public partial class RuleSourceTests
{
    public static TheoryData<string> Codes() => [.. RuleSet.All.Select(r => r.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_rule_names_no_document_outside_the_repository(string code)
    {
        var rule = RuleSet.Find(code)!;

        foreach (var text in new[] { rule.Source, rule.Rationale })
        {
            Assert.DoesNotContain("shared/", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("..", RepositoryPaths(text).SelectMany(p => p.Split('/')));
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_repository_file_a_rule_names_exists(string code)
    {
        var rule = RuleSet.Find(code)!;
        var root = RepositoryRoot();

        foreach (var path in RepositoryPaths(rule.Source + " " + rule.Rationale))
        {
            Assert.True(File.Exists(Path.Combine(root, path)), $"{code} names {path}, which is not in the repository");
        }
    }

    /// <summary>Issue 12: every rationale cites what it rests on, dated; RR-07's numbers are shown as local settings instead.</summary>
    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_rule_source_cites_a_dated_publication_or_says_its_numbers_are_local_settings(string code)
    {
        var source = RuleSet.Find(code)!.Source;

        Assert.True(Year().IsMatch(source) || source.Contains("local settings", StringComparison.Ordinal), $"{code}: {source}");
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void The_domain_facts_page_explains_every_rule(string code)
    {
        var domain = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "domain.md"));

        Assert.Contains($"### {code}", domain, StringComparison.Ordinal);
    }

    [Fact]
    public void No_document_in_the_repository_points_to_the_domain_brief_outside_it()
    {
        var root = RepositoryRoot();
        var documents = Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "README.md"));

        foreach (var document in documents)
        {
            Assert.False(File.ReadAllText(document).Contains("shared/", StringComparison.OrdinalIgnoreCase),
                $"{Path.GetRelativePath(root, document)} names a file under shared/, which is not in the repository");
        }
    }

    /// <summary>Tokens that look like a file path: a folder, a slash and a name with an extension.</summary>
    private static IEnumerable<string> RepositoryPaths(string text) =>
        PathLike().Matches(text).Select(m => m.Value.TrimEnd('.'));

    [GeneratedRegex(@"[\w.\-]+(?:/[\w.\-]+)+\.\w+")]
    private static partial Regex PathLike();

    [GeneratedRegex(@"\b(19|20)\d\d\b")]
    private static partial Regex Year();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraffickingCases.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TraffickingCases.sln not found above " + AppContext.BaseDirectory);
    }
}
