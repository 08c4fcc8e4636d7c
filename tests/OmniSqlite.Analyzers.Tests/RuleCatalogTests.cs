using System.Text.RegularExpressions;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests;

/// <summary>Nothing drifts: every descriptor has its docs page, its helpLinkUri and its release-tracking line.</summary>
public sealed class RuleCatalogTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var d in Descriptors.All) data.Add(d.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_rule_has_a_docs_page_a_help_link_and_a_release_line(string id)
    {
        var descriptor = Descriptors.ById(id);
        var page = Path.Combine(AnalyzerRunner.RepositoryRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id, text);
        Assert.Contains("## Bad", text);
        Assert.Contains("## Good", text);
        Assert.Contains("dotnet_diagnostic." + id + ".severity", text);
        Assert.EndsWith("docs/rules/" + id + ".md", descriptor.HelpLinkUri);
        Assert.Matches(new Regex("^OSQL\\d{3}$"), id);

        var unshipped = File.ReadAllLines(Path.Combine(AnalyzerRunner.RepositoryRoot(), "AnalyzerReleases.Unshipped.md"));
        var line = Assert.Single(unshipped, l => l.StartsWith(id + " ", StringComparison.Ordinal));
        var cells = line.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
    }

    [Fact]
    public void Ids_are_unique_and_every_rule_id_constant_has_a_descriptor_or_is_pending()
    {
        var ids = Descriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var page in Directory.GetFiles(Path.Combine(AnalyzerRunner.RepositoryRoot(), "docs", "rules"), "OSQL*.md"))
            Assert.Contains(Path.GetFileNameWithoutExtension(page), ids);
    }
}
