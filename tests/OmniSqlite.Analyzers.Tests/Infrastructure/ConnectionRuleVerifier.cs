using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer (and optionally its fix) over test markup with the test references (the real OmniSqlite
/// runtime and Microsoft.Data.Sqlite) and an optional .editorconfig body.
/// </summary>
public static class ConnectionRuleVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Diagnostics in <paramref name="source"/> are exactly the markup spans.</summary>
    public static Task VerifyAnalyzerAsync(string source, string? editorConfig = null, bool referenceSqlite = true)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test, test.TestState, editorConfig, referenceSqlite);
        return test.RunAsync();
    }

    /// <summary>Diagnostics in <paramref name="source"/> and in the additional files (appsettings.json, ...) are exactly their markup spans.</summary>
    public static Task VerifyWithFilesAsync(string source, (string Path, string Text)[] additionalFiles, string? editorConfig = null)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test, test.TestState, editorConfig, referenceSqlite: true);
        foreach (var file in additionalFiles) test.TestState.AdditionalFiles.Add((file.Path, file.Text));
        return test.RunAsync();
    }

    /// <summary>The markup diagnostics are reported, and the fix (one by one and FixAll) turns the source into <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAsync(string source, string fixedSource, string? editorConfig = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        Configure(test, test.TestState, editorConfig, referenceSqlite: true);
        test.TestState.OutputKind = outputKind;
        return test.RunAsync();
    }

    private static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, SolutionState state, string? editorConfig, bool referenceSqlite)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = TestReferences.Empty;
        if (referenceSqlite)
        {
            state.AdditionalReferences.AddRange(TestReferences.All);
        }
        else
        {
            state.AdditionalReferences.AddRange(TestReferences.FrameworkOnly);
        }

        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
        }
    }
}

/// <summary>For rules without a code fix.</summary>
public static class ConnectionRuleVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAnalyzerAsync(string source, string? editorConfig = null, bool referenceSqlite = true)
        => ConnectionRuleVerifier<TAnalyzer, EmptyCodeFixProvider>.VerifyAnalyzerAsync(source, editorConfig, referenceSqlite);

    public static Task VerifyWithFilesAsync(string source, (string Path, string Text)[] additionalFiles, string? editorConfig = null)
        => ConnectionRuleVerifier<TAnalyzer, EmptyCodeFixProvider>.VerifyWithFilesAsync(source, additionalFiles, editorConfig);
}
