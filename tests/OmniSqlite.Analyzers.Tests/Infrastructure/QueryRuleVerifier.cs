using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace OmniSqlite.Analyzers.Tests.Infrastructure;

/// <summary>
/// [Query] rules need the generator (without it every partial method is CS8795): runs the generator, checks the result
/// compiles without errors (so a bad [Query] yields only its OSQL02x, never CS8795), then runs every analyzer and compares
/// the OSQL020-OSQL025 diagnostics with the markup (<c>{|OSQL021:$x|}</c>), span for span.
/// </summary>
public static class QueryRuleVerifier
{
    public const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;

        namespace Shop
        {
            public enum Status { Draft, Active }
            [Table("clients")] public sealed class Client { [PrimaryKey] public long Id { get; set; } public string Name { get; set; } = ""; public string? Email { get; set; } }
            [Table("campaigns")] public sealed class Campaign { [PrimaryKey] public long Id { get; set; } [Indexed] public long ClientId { get; set; } public string Title { get; set; } = ""; public Status Status { get; set; } public DateTime CreatedAt { get; set; } }
            public sealed record Row(long Id, string Title);
        }

        """;

    private static readonly string[] QueryIds = { "OSQL020", "OSQL021", "OSQL022", "OSQL023", "OSQL024", "OSQL025", "OSQL028" };

    /// <summary>The prelude with <c>[assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]</c> (analyzer side: OSQL026).</summary>
    public static string PostgreSqlPrelude { get; } = Prelude.Replace("using OmniSqlite;\n", "using OmniSqlite;\n\n[assembly: OmniSqliteDialects(Dialect.Sqlite | Dialect.PostgreSql)]\n");

    public static Task VerifyAsync(string markup, params string[] otherIds) => VerifyAsync(Prelude, markup, otherIds);

    public static Task VerifyWithPostgreSqlAsync(string markup, params string[] otherIds) => VerifyAsync(PostgreSqlPrelude, markup, otherIds);

    /// <param name="references">Default: with Npgsql and OmniSqlite.PostgreSql (<see cref="TestReferences.WithPostgreSql"/>).</param>
    public static async Task<IReadOnlyList<Diagnostic>> DiagnosticsWithPostgreSqlAsync(string source, IEnumerable<MetadataReference>? references = null)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.Compile("TestApp", PostgreSqlPrelude + source).WithReferences(references ?? TestReferences.WithPostgreSql));
        var diagnostics = await result.Output.WithAnalyzers(AnalyzerRunner.AllAnalyzers(),
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => QueryIds.Contains(d.Id) || d.Id == "OSQL026").ToList();
    }

    private static async Task VerifyAsync(string prelude, string markup, string[] otherIds)
    {
        TestFileMarkupParser.GetSpans(prelude + markup, out string source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
        var result = GeneratorHarness.Run(source);
        var errors = result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "generated code does not compile:\n" + string.Join("\n", errors));

        var diagnostics = await result.Output.WithAnalyzers(AnalyzerRunner.AllAnalyzers(),
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "AD0002");
        var ids = QueryIds.Concat(otherIds).ToHashSet();
        var actual = diagnostics.Where(d => ids.Contains(d.Id) && d.Location.SourceTree?.FilePath == "Source0.cs")
            .Select(d => d.Id + "@" + d.Location.SourceSpan.Start + ":" + source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))
            .OrderBy(s => s, StringComparer.Ordinal).ToList();
        var expected = spans.Where(kv => kv.Key.Length > 0)
            .SelectMany(kv => kv.Value.Select(span => kv.Key + "@" + span.Start + ":" + source.Substring(span.Start, span.Length)))
            .OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(actual),
            "expected:\n  " + string.Join("\n  ", expected) + "\nactual:\n  " + string.Join("\n  ", actual) + "\nmessages:\n  "
            + string.Join("\n  ", diagnostics.Where(d => ids.Contains(d.Id)).Select(d => d.ToString())));
    }

    /// <summary>The messages of the [Query] diagnostics (for message checks).</summary>
    public static async Task<IReadOnlyList<Diagnostic>> DiagnosticsAsync(string source)
    {
        var result = GeneratorHarness.Run(Prelude + source);
        var diagnostics = await result.Output.WithAnalyzers(AnalyzerRunner.AllAnalyzers(),
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => QueryIds.Contains(d.Id)).ToList();
    }
}
