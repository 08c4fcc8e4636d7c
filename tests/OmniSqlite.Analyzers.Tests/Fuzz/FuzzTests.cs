using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OmniSqlite.Analyzers.Tests.Fuzz;

/// <summary>
/// Issue 20's fuzz harness: truncated and token-mutated sources, random and mutated SQL in every kind of SQL site, and
/// random entities, each compiled with the generator and then every analyzer over the result, as a build does. No input
/// may make the generator throw (CS8785), an analyzer throw (AD0001), or take longer than <see cref="TimeBound"/> (a
/// hang guard, not a performance assert).
/// Bounded by default; <c>OMNISQLITE_FUZZ_ITERATIONS=5000</c> runs longer, <c>OMNISQLITE_FUZZ_SEED=n</c> repeats a run.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 60;
    private const int DefaultSeed = 20_261_201;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(20);

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Fuzzed_sources_never_crash_the_generator_or_an_analyzer_and_never_hang()
    {
        int iterations = FromEnvironment("OMNISQLITE_FUZZ_ITERATIONS", DefaultIterations);
        int seed = FromEnvironment("OMNISQLITE_FUZZ_SEED", DefaultSeed);
        output.WriteLine($"fuzz seed {seed}, {iterations} inputs (repeat with OMNISQLITE_FUZZ_SEED={seed} OMNISQLITE_FUZZ_ITERATIONS={iterations})");

        var inputs = new FuzzInputs(seed);
        ImmutableArray<DiagnosticAnalyzer> analyzers = AnalyzerRunner.AllAnalyzers();
        var failures = new List<string>();
        var perKind = new SortedDictionary<string, (int Count, TimeSpan Slowest)>(StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        (TimeSpan Time, FuzzInput? Input) slowest = (TimeSpan.Zero, null);
        for (int i = 0; i < iterations; i++)
        {
            FuzzInput input = inputs.Next(i);
            var watch = Stopwatch.StartNew();
            string? problem;
            try
            {
                problem = await CheckAsync(input.Source, analyzers).WaitAsync(TimeBound);
            }
            catch (TimeoutException)
            {
                problem = $"took longer than {TimeBound.TotalSeconds} s (a hang?)";
            }

            watch.Stop();
            perKind[input.Kind] = perKind.TryGetValue(input.Kind, out var k) ? (k.Count + 1, k.Slowest > watch.Elapsed ? k.Slowest : watch.Elapsed) : (1, watch.Elapsed);
            if (watch.Elapsed > slowest.Time)
            {
                slowest = (watch.Elapsed, input);
            }

            if (problem != null)
            {
                failures.Add($"seed {seed}, input {i} ({input.Kind}): {problem}\n---- source ----\n{Shorten(input.Source)}\n----");
            }
        }

        output.WriteLine($"{iterations} inputs in {total.Elapsed.TotalSeconds:0.0} s; slowest {slowest.Time.TotalMilliseconds:0} ms (input {slowest.Input?.Iteration}, {slowest.Input?.Kind}, {slowest.Input?.Source.Length} chars)");
        foreach (var (kind, stats) in perKind)
        {
            output.WriteLine($"  {kind}: {stats.Count} inputs, slowest {stats.Slowest.TotalMilliseconds:0} ms");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {iterations} fuzz inputs failed:\n\n" + string.Join("\n\n", failures.Take(5)));
    }

    /// <summary>The harness itself must notice a crash: an analyzer that throws on every input is caught as AD0001.</summary>
    [Fact]
    public async Task The_harness_reports_an_analyzer_that_throws()
    {
        string? problem = await CheckAsync("class C { }", [new ThrowingAnalyzer()]);
        Assert.NotNull(problem);
        Assert.Contains("ThrowingAnalyzer", problem);
    }

    /// <summary>Runs the generator, then every analyzer over the compilation with the generated code; null when all went well.</summary>
    private static async Task<string?> CheckAsync(string source, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile("FuzzApp", source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: false)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation withGenerated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Exception? generatorException = driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e != null);
        if (generatorException != null || generatorDiagnostics.Any(d => d.Id == "CS8785"))
        {
            return "the generator threw (CS8785): " + (generatorException?.ToString() ?? string.Join("\n", generatorDiagnostics.Where(d => d.Id == "CS8785")));
        }

        var thrown = new ConcurrentBag<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, _) => thrown.Add($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await withGenerated.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        foreach (Diagnostic d in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            thrown.Add(d.ToString());
        }

        return thrown.IsEmpty ? null : "an analyzer threw (AD0001): " + string.Join("\n", thrown.Take(3));
    }

    private static string Shorten(string source) => source.Length <= 4000 ? source : source.Substring(0, 4000) + $"\n... ({source.Length} chars)";

    // A test double of an analyzer, not a shipped one: no release tracking, no extended rules.
#pragma warning disable RS1036, RS2008
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("FUZZ001", "t", "t", "t", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxTreeAction(_ => throw new InvalidOperationException("deliberate"));
        }
    }
#pragma warning restore RS1036, RS2008
}
