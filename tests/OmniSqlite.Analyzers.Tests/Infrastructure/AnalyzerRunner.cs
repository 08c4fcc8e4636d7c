using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Diagnostics;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs analyzers over plain source text outside the testing library's markup, and fails on any analyzer
/// exception (AD0001). Use it for robustness tests: half-typed code, truncated files, odd syntax.
/// </summary>
public static class AnalyzerRunner
{
    /// <summary>One instance of every [DiagnosticAnalyzer] in the OmniSqlite.Analyzers assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() => typeof(Descriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest);

    // One base compilation: derived compilations share its bound references.
    private static readonly Lazy<CSharpCompilation> s_base = new(() => CSharpCompilation.Create("RobustnessProbe",
        Array.Empty<SyntaxTree>(),
        TestReferences.All,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)));

    /// <summary>A compilation of the sources with <see cref="TestReferences.All"/> (framework, Microsoft.Data.Sqlite, OmniSqlite).</summary>
    public static CSharpCompilation Compile(params string[] sources)
        => s_base.Value.AddSyntaxTrees(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, s_parseOptions, path: $"/0/Test{i}.cs")));

    /// <summary>
    /// Runs <paramref name="analyzers"/> (all of them when null) over the sources and returns their diagnostics;
    /// throws with the analyzer, exception and source when any analyzer threw.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(IEnumerable<DiagnosticAnalyzer>? analyzers, params string[] sources)
    {
        ImmutableArray<DiagnosticAnalyzer> set = analyzers?.ToImmutableArray() ?? AllAnalyzers();
        var failures = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = Compile(sources).WithAnalyzers(set, options);
        ImmutableArray<Diagnostic> diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        foreach (Diagnostic d in diagnostics.Where(d => d.Id is "AD0001" or "AD0002")) failures.Add(d.ToString());
        if (!failures.IsEmpty)
        {
            throw new Xunit.Sdk.XunitException(
                "Analyzer exception (AD0001) on this source:\n----\n" + string.Join("\n", sources) + "\n----\n" + string.Join("\n\n", failures));
        }

        return diagnostics;
    }

    /// <summary>Asserts that no analyzer throws on the source (every analyzer when none are given).</summary>
    public static Task AssertNoAnalyzerExceptionsAsync(string source, params DiagnosticAnalyzer[] analyzers)
        => RunAsync(analyzers.Length == 0 ? null : analyzers, source);

    /// <summary>
    /// Prefixes of <paramref name="text"/> as an IDE sees them while the file is typed: cuts at line ends and, every
    /// <paramref name="step"/> characters, in the middle of a token; at most <paramref name="maxCount"/> of them,
    /// spread evenly over the file.
    /// </summary>
    public static IReadOnlyList<string> Truncations(string text, int step = 37, int maxCount = 150)
    {
        var cuts = new SortedSet<int>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') cuts.Add(i);
            if (i % step == 0) cuts.Add(i);
        }

        var all = cuts.ToList();
        var picked = new List<string>();
        double stride = Math.Max(1.0, all.Count / (double)maxCount);
        for (double k = 0; k < all.Count; k += stride) picked.Add(text.Substring(0, all[(int)k]));
        return picked;
    }

    /// <summary>The repository root (the folder with OmniSqlite.Analyzers.sln), found from the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmniSqlite.Analyzers.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("OmniSqlite.Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
