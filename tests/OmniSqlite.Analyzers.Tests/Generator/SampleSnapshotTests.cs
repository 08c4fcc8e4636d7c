using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>
/// The generated code for the sample's entities, compared with the copies under docs/generated/ that the README
/// links to. After an intended change to the emitters, refresh them with OMNISQLITE_UPDATE_SNAPSHOTS=1.
/// </summary>
public sealed class SampleSnapshotTests
{
    [Theory]
    [InlineData("OmniSqlite.Sample.Domain.Campaign.Repository.g.cs")]
    [InlineData("OmniSqlite.Sample.Domain.Campaign.Schema.g.cs")]
    [InlineData("OmniSqlite.Sample.Domain.AudioGeneration.Repository.g.cs")]
    [InlineData("OmniSqliteSchema.g.cs")]
    public void Generated_sample_code_matches_the_documented_copy(string hintName)
    {
        var entities = File.ReadAllText(Path.Combine(AnalyzerRunner.RepositoryRoot(), "samples", "OmniSqlite.Sample", "Domain", "Entities.cs"));
        var compilation = GeneratorHarness.Compile("OmniSqlite.Sample", entities);
        var run = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        var actual = run.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString().Replace("\r\n", "\n");

        var path = Path.Combine(AnalyzerRunner.RepositoryRoot(), "docs", "generated", hintName);
        // The stored copy is read before any update, so an update run still fails when the text changed (it never compares a file with itself).
        var expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : null;
        if (expected != actual && Environment.GetEnvironmentVariable("OMNISQLITE_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            Assert.Fail($"{hintName}: docs/generated updated; review the diff and run the tests again without OMNISQLITE_UPDATE_SNAPSHOTS");
        }
        Assert.True(expected is not null, $"{path} is missing: run the tests once with OMNISQLITE_UPDATE_SNAPSHOTS=1");
        Assert.True(expected == actual, $"{hintName} differs from docs/generated; if the change is intended, re-run with OMNISQLITE_UPDATE_SNAPSHOTS=1 and review the diff");
    }
}
