using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>Markup-based verification for the SQL rules (OSQL010-OSQL014), with the runtime's reference set.</summary>
public static class SqlRuleVerifier
{
    /// <summary>Usings and a Dapper stand-in (extension methods on IDbConnection named like Dapper's), so tests need no Dapper.</summary>
    public const string Prelude = """
        using System.Collections.Generic;
        using System.Data;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        using DapperLike;

        namespace DapperLike
        {
            public static class SqlMapper
            {
                public static IEnumerable<T> Query<T>(this IDbConnection cnn, string sql, object? param = null) => new List<T>();
                public static int Execute(this IDbConnection cnn, string sql, object? param = null) => 0;
                public static T QuerySingle<T>(this IDbConnection cnn, string sql, object? param = null) => default!;
            }
        }

        """;

    public static async Task VerifyAsync<TAnalyzer>(string source, string? editorConfig = null, params (string Path, string Text)[] additionalFiles)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = Prelude + source,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        foreach (var file in additionalFiles) test.TestState.AdditionalFiles.Add(file);
        if (editorConfig != null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        await test.RunAsync();
    }

    public static async Task VerifyFixAsync<TAnalyzer, TFix>(string source, string fixedSource, int? incrementalIterations = null, int? fixAllIterations = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = Prelude + source,
            FixedCode = Prelude + fixedSource,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        if (incrementalIterations != null) test.NumberOfIncrementalIterations = incrementalIterations;
        if (fixAllIterations != null) test.NumberOfFixAllIterations = fixAllIterations;
        await test.RunAsync();
    }
}
