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
    public void Ids_are_unique_and_every_docs_page_has_a_descriptor()
    {
        var ids = Descriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var page in Directory.GetFiles(Path.Combine(AnalyzerRunner.RepositoryRoot(), "docs", "rules"), "OSQL*.md"))
            Assert.Contains(Path.GetFileNameWithoutExtension(page), ids);
    }

    /// <summary>Every constant in RuleIds names a descriptor with that id, and every descriptor's id is a RuleIds constant.</summary>
    [Fact]
    public void Every_rule_id_constant_has_a_descriptor_and_every_descriptor_a_constant()
    {
        var constants = typeof(RuleIds).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Name: f.Name, Id: (string)f.GetRawConstantValue()!))
            .ToList();
        Assert.NotEmpty(constants);
        Assert.Equal(constants.Count, constants.Select(c => c.Id).Distinct().Count());
        var descriptorIds = Descriptors.All.Select(d => d.Id).ToHashSet();
        foreach (var (name, id) in constants)
            Assert.True(descriptorIds.Contains(id), $"RuleIds.{name} = {id} has no descriptor in Descriptors.All");
        foreach (var id in descriptorIds)
            Assert.Contains(id, constants.Select(c => c.Id));
    }
}
