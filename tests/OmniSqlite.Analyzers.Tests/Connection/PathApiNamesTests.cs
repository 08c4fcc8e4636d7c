using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OmniSqlite.Analyzers.Analyzers.Common;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>
/// OSQL003/OSQL004 bind only blocks that name a way a path reaches SQLite, from a list written out in the analyzer (reading
/// it from metadata in every build cost more than the blocks it spared). This keeps the list equal to what the packages'
/// public API has.
/// </summary>
public class PathApiNamesTests
{
    [Fact]
    public void The_known_names_are_exactly_those_of_the_public_API()
    {
        var references = TestReferences.WithPostgreSql.Add(MetadataReference.CreateFromFile(typeof(OmniSqlite.Hosting.OmniSqliteOptions).Assembly.Location));
        var compilation = CSharpCompilation.Create("Probe", references: references);
        var fromMetadata = DatabasePathSites.ApiNamesFromMetadata(compilation, default).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var known = DatabasePathSites.KnownApiNames.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.True(known.SequenceEqual(fromMetadata), "DatabasePathSites.KnownApiNames should be: " + string.Join(", ", fromMetadata.Select(n => "\"" + n + "\"")));
    }
}
