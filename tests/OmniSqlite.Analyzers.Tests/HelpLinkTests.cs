using System.Xml.Linq;
using OmniSqlite.Analyzers.Diagnostics;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests;

/// <summary>The rules' help links come from the one RepositoryUrl in Directory.Build.props (the packages' URL too).</summary>
public sealed class HelpLinkTests
{
    [Fact]
    public void Every_help_link_is_the_repository_url_declared_in_Directory_Build_props()
    {
        var props = XDocument.Load(Path.Combine(AnalyzerRunner.RepositoryRoot(), "Directory.Build.props"));
        string url = props.Descendants("RepositoryUrl").Single().Value;
        string branch = props.Descendants("RepositoryBranch").Single().Value;
        Assert.StartsWith("https://", url);
        Assert.All(Descriptors.All, d => Assert.Equal($"{url}/blob/{branch}/docs/rules/{d.Id}.md", d.HelpLinkUri));
    }
}
