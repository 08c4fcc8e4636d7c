using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OmniSqlite.Analyzers.Generator;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>Runs the entity generator over source text, and compiles/loads the result.</summary>
public static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(string assemblyName, params string[] sources)
        => CSharpCompilation.Create(assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: TestReferences.SdkSuppressedWarnings));

    public static GeneratorDriver CreateDriver(bool trackSteps = true)
        => CSharpGeneratorDriver.Create(
            new[] { new EntityGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    public sealed record Result(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Run)
    {
        public string Source(string hintEnd) => Run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintEnd, StringComparison.Ordinal)).SourceText.ToString();
        public ImmutableArray<Diagnostic> CompileErrorsAndWarnings => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
    }

    public static Result Run(params string[] sources) => Run(Compile("TestApp", sources));

    /// <summary>Like <see cref="Run(string[])"/> with checked arithmetic on (CheckForOverflowUnderflow).</summary>
    public static Result RunChecked(params string[] sources)
    {
        var compilation = Compile("TestApp", sources);
        return Run(compilation.WithOptions(compilation.Options.WithOverflowChecks(true)));
    }

    public static Result Run(CSharpCompilation compilation)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new Result(output, diagnostics, driver.GetRunResult());
    }

    /// <summary>Emits the compilation to memory and loads it into its own collectible context (tests may reuse an assembly name).</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        stream.Position = 0;
        return new System.Runtime.Loader.AssemblyLoadContext(compilation.AssemblyName, isCollectible: true).LoadFromStream(stream);
    }
}
