using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using OmniSqlite.Analyzers.Analyzers;

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

    /// <summary>
    /// Runs the one <see cref="SqlAnalyzer"/> and checks the diagnostics of <paramref name="ruleId"/> only (the other SQL
    /// rules are disabled, so each rule's test class states just its own expectations).
    /// </summary>
    public static async Task VerifyAsync(string ruleId, string source, string? editorConfig = null, params (string Path, string Text)[] additionalFiles)
    {
        var test = new CSharpAnalyzerTest<SqlAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = Prelude + source,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        foreach (var file in additionalFiles) test.TestState.AdditionalFiles.Add(file);
        if (editorConfig != null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        DisableOtherRules(test.DisabledDiagnostics, ruleId);
        await test.RunAsync();
    }

    public static async Task VerifyFixAsync<TFix>(string ruleId, string source, string fixedSource, int? incrementalIterations = null, int? fixAllIterations = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<SqlAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Empty,
            TestCode = Prelude + source,
            FixedCode = Prelude + fixedSource,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        if (incrementalIterations != null) test.NumberOfIncrementalIterations = incrementalIterations;
        if (fixAllIterations != null) test.NumberOfFixAllIterations = fixAllIterations;
        DisableOtherRules(test.DisabledDiagnostics, ruleId);
        await test.RunAsync();
    }

    public static void DisableOtherRules(List<string> disabled, string ruleId)
    {
        foreach (var descriptor in new SqlAnalyzer().SupportedDiagnostics)
            if (descriptor.Id != ruleId) disabled.Add(descriptor.Id);
    }
}
