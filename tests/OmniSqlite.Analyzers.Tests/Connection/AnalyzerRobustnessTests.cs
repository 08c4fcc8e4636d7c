using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>
/// Analyzers never throw: every analyzer of the package runs over many truncated versions of real source files
/// (what an IDE sees while a file is typed) and over odd but valid shapes; any AD0001 fails the test.
/// </summary>
public class AnalyzerRobustnessTests
{
    /// <summary>The samples' source files (repository-relative): real code that opens connections and writes SQL.</summary>
    public static TheoryData<string> RealSourceFiles()
    {
        var data = new TheoryData<string>();
        string root = AnalyzerRunner.RepositoryRoot();
        foreach (string sample in new[] { "OmniSqlite.RuleExamples", "OmniSqlite.Sample" })
        {
            string folder = Path.Combine(root, "samples", sample);
            if (!Directory.Exists(folder)) continue;
            foreach (string file in Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RealSourceFiles))]
    public async Task Truncated_versions_of_a_real_file_never_crash_an_analyzer(string relativePath)
    {
        string text = File.ReadAllText(Path.Combine(AnalyzerRunner.RepositoryRoot(), relativePath));
        var analyzers = AnalyzerRunner.AllAnalyzers();
        Assert.True(analyzers.Length >= 4, "expected at least the four connection analyzers");

        IReadOnlyList<string> truncations = AnalyzerRunner.Truncations(text, step: 7, maxCount: 150);
        Assert.True(truncations.Count > 20, $"only {truncations.Count} truncations of {relativePath}");
        await Parallel.ForEachAsync(truncations, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            async (truncated, _) => await AnalyzerRunner.RunAsync(analyzers, truncated));
    }

    [Fact]
    public async Task Whole_rule_examples_report_every_connection_rule()
    {
        string folder = Path.Combine(AnalyzerRunner.RepositoryRoot(), "samples", "OmniSqlite.RuleExamples");
        string[] sources = Directory.GetFiles(folder, "*.cs").Select(File.ReadAllText).ToArray();
        var diagnostics = await AnalyzerRunner.RunAsync(null, sources);
        var ids = diagnostics.Select(d => d.Id).Where(id => id.StartsWith("OSQL00", StringComparison.Ordinal)).ToHashSet();
        Assert.Contains("OSQL001", ids);
        Assert.Contains("OSQL002", ids);
        Assert.Contains("OSQL003", ids);
        Assert.Contains("OSQL004", ids);
    }

    [Fact]
    public async Task The_runner_fails_on_an_analyzer_that_throws()
    {
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(
            () => AnalyzerRunner.AssertNoAnalyzerExceptionsAsync("class C { }", new ThrowingAnalyzer()));
        Assert.Contains("ThrowingAnalyzer", failure.Message);
    }

#pragma warning disable RS1001, RS1036, RS2008 // a throw-away analyzer of the test itself, not a shipped rule
    private sealed class ThrowingAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer
    {
        private static readonly Microsoft.CodeAnalysis.DiagnosticDescriptor s_rule = new("TEST001", "t", "t", "t", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, true);

        public override System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.DiagnosticDescriptor> SupportedDiagnostics => System.Collections.Immutable.ImmutableArray.Create(s_rule);

        public override void Initialize(Microsoft.CodeAnalysis.Diagnostics.AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxTreeAction(_ => throw new InvalidOperationException("boom"));
        }
    }
#pragma warning restore RS1001, RS1036, RS2008

    [Theory]
    [InlineData("class C { void M() { var c = new Microsoft.Data.Sqlite.SqliteConnection(; c.Open(); } }")]
    [InlineData("class C { void M() { new Microsoft.Data.Sqlite.SqliteConnection(\"Data Source=\" + ) } }")]
    [InlineData("class C { const string S = \"PRAGMA synchronous=\" + S; }")]
    [InlineData("class C { const string S = $\"PRAGMA {1 / 0}\"; }")]
    [InlineData("class C { void M() { var c = new Microsoft.Data.Sqlite.SqliteConnection { ConnectionString = null }; c = new(); c.Open(); c.CreateCommand(); } }")]
    [InlineData("class C { void M(dynamic d) { var c = new Microsoft.Data.Sqlite.SqliteConnection(d); c.Open(); d.Run(c); } }")]
    [InlineData("class C { string M() => \"PRAGMA\"; string N() => \"PRAGMA ;;; PRAGMA = ( PRAGMA synchronous(\"; }")]
    [InlineData("class C { void M() { new Microsoft.Data.Sqlite.SqliteConnection(\"Data Source=\\\"\\\\\\\\\"); new Microsoft.Data.Sqlite.SqliteConnection(\"=;=;\"); } }")]
    [InlineData("class C { void M() { new Microsoft.Data.Sqlite.SqliteConnection(\"Data Source=file:\"); new Microsoft.Data.Sqlite.SqliteConnection(\"Data Source=file://\"); new Microsoft.Data.Sqlite.SqliteConnection(\"Data Source=file:%zz\"); } }")]
    [InlineData("using OmniSqlite; class C { object M() => SqliteProfile.Production.WithPragma(\"synchronous\"); object N() => SqliteProfile.Production.WithSynchronous((SqliteSynchronous)99); }")]
    public Task Malformed_and_odd_code_never_crashes_an_analyzer(string source)
        => AnalyzerRunner.AssertNoAnalyzerExceptionsAsync(source);
}
