using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OmniSqlite.Analyzers.Generator;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

/// <summary>The [Query] pipeline's cache: one edited query string re-emits only its class's file; unrelated edits nothing.</summary>
public sealed class QueryIncrementalityTests
{
    private const string Entities = """
        using OmniSqlite;
        namespace Shop
        {
            [Table("campaigns")] public sealed class Campaign { [PrimaryKey] public long Id { get; set; } [Indexed] public long ClientId { get; set; } public string Title { get; set; } = ""; }
        }
        """;

    private const string First = """
        using System.Collections.Generic;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        namespace Shop
        {
            public static partial class FirstQueries
            {
                [Query("SELECT id FROM campaigns WHERE client_id = $clientId")] public static partial List<long> Ids(SqliteConnection connection, long clientId);
            }
        }
        """;

    private const string Second = """
        using System.Collections.Generic;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        namespace Shop
        {
            public static partial class SecondQueries
            {
                [Query("SELECT title FROM campaigns WHERE id = $id")] public static partial string? Title(SqliteConnection connection, long id);
            }
        }
        """;

    private const string Other = "namespace Shop { public static class Util { public static int One() => 1; } }";

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: old.FilePath));
    }

    private static (GeneratorDriver Driver, Compilation Compilation) Start()
    {
        var compilation = GeneratorHarness.Compile("App", Entities, First, Second, Other);
        return (GeneratorHarness.CreateDriver().RunGenerators(compilation), compilation);
    }

    private static List<(string Hint, IncrementalStepRunReason Reason)> QueryOutputs(GeneratorRunResult result)
        => result.TrackedSteps[EntityGenerator.QuerySpecsStep].SelectMany(r => r.Outputs)
            .Select(o => (((dynamic)o.Value).Class.HintName as string ?? "", o.Reason)).ToList();

    [Fact]
    public void Editing_one_query_string_regenerates_only_that_class()
    {
        var (driver, compilation) = Start();
        var edited = Replace(compilation, 1, First.Replace("WHERE client_id = $clientId", "WHERE client_id = $clientId ORDER BY id"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var outputs = QueryOutputs(result);
        Assert.Equal(new[] { "Shop.FirstQueries" }, outputs.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).Select(o => o.Hint));
        Assert.Contains(outputs, o => o.Hint == "Shop.SecondQueries" && o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.Contains("ORDER BY id", result.GeneratedSources.Single(s => s.HintName == "Shop.FirstQueries.Queries.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Editing_an_unrelated_file_or_a_blank_line_above_a_query_regenerates_nothing()
    {
        var (driver, compilation) = Start();
        var edited = Replace(compilation, 3, Other.Replace("=> 1", "=> 2"));
        edited = Replace(edited, 2, "\n\n" + Second);
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { EntityGenerator.QueryClassesStep, EntityGenerator.QuerySchemaStep, EntityGenerator.QuerySpecsStep })
            foreach (var (_, reason) in result.TrackedSteps[step].SelectMany(r => r.Outputs))
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs))
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {reason}");
    }

    [Fact]
    public void No_symbol_syntax_or_location_is_held_past_the_transform()
    {
        var (driver, _) = Start();
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { EntityGenerator.QueryMethodsStep, EntityGenerator.QueryClassesStep, EntityGenerator.QuerySpecsStep })
            foreach (var (value, _) in result.TrackedSteps[step].SelectMany(r => r.Outputs))
                AssertPlain(value);
    }

    /// <summary>Walks the model's public properties (iteratively) and fails on any Roslyn object.</summary>
    private static void AssertPlain(object root)
    {
        var stack = new Stack<object>();
        stack.Push(root);
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var value = stack.Pop();
            if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) continue;
            Assert.False(value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel, "model holds " + value.GetType());
            if (value is System.Collections.IEnumerable items) { foreach (var item in items) if (item != null) stack.Push(item); continue; }
            foreach (var property in value.GetType().GetProperties())
            {
                if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
                var child = property.GetValue(value);
                if (child != null) stack.Push(child);
            }
        }
    }
}
