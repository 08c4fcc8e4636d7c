using System.Collections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OmniSqlite.Analyzers.Generator;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>The generator's cache holds: unrelated edits re-run nothing, an edit to one entity re-emits only that one.</summary>
public sealed class IncrementalityTests
{
    private const string Entities = """
        using System;
        using OmniSqlite;
        namespace Shop
        {
            [Table("clients")] public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; }
            public sealed class Campaign { [PrimaryKey] public long Id { get; set; } [Indexed] public long ClientId { get; set; } }
        }
        """;

    private const string Other = "namespace Shop { public static class Util { public static int One() => 1; } }";

    private static readonly string[] TrackedSteps =
    {
        EntityGenerator.SettingsStep, EntityGenerator.ParsedStep, EntityGenerator.EntitiesStep, EntityGenerator.ModelsStep, EntityGenerator.AllModelsStep, EntityGenerator.CollisionsStep,
    };

    private static (GeneratorDriver Driver, Compilation Compilation) First()
    {
        var compilation = GeneratorHarness.Compile("App", Entities, Other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static Compilation Replace(Compilation compilation, int index, string text)
    {
        var old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: old.FilePath));
    }

    [Fact]
    public void Editing_a_file_without_entities_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = First();
        var edited = Replace(compilation, 1, Other.Replace("=> 1", "=> 2") + "\nnamespace Shop { class Extra { } }");
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var run in result.TrackedSteps[step])
                foreach (var (_, reason) in run.Outputs)
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
        }
        foreach (var run in result.TrackedOutputSteps.SelectMany(s => s.Value))
            foreach (var (_, reason) in run.Outputs)
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {reason}");
    }

    [Fact]
    public void Editing_the_entities_own_file_above_the_classes_re_emits_nothing()
    {
        // Lines and a comment above the classes move every location in the file: the parsed results change (they carry
        // locations for diagnostics), but the models that feed source output hold none, so no source step re-runs.
        var (driver, compilation) = First();
        var edited = Replace(compilation, 0, "// a comment\n\n\n" + Entities.Replace("namespace Shop\n{", "namespace Shop\n{\n    // moved\n"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[EntityGenerator.EntitiesStep].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        foreach (var step in new[] { EntityGenerator.ModelsStep, EntityGenerator.AllModelsStep, EntityGenerator.CollisionsStep })
            foreach (var (_, reason) in result.TrackedSteps[step].SelectMany(r => r.Outputs))
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
        foreach (var (_, reason) in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs))
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output: {reason}");
    }

    [Fact]
    public void Adding_a_member_to_one_entity_regenerates_only_that_entity()
    {
        var (driver, compilation) = First();
        var edited = Replace(compilation, 0, Entities.Replace("[Indexed] public long ClientId { get; set; }", "[Indexed] public long ClientId { get; set; } public string? Note { get; set; }"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var models = result.TrackedSteps[EntityGenerator.ModelsStep].SelectMany(r => r.Outputs).ToList();
        var modified = models.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).Select(o => ((dynamic)o.Value).TypeName as string).ToList();
        Assert.Equal(new[] { "Campaign" }, modified);
        Assert.Contains(models, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged && ((dynamic)o.Value).TypeName == "Client");
        Assert.Contains("\"\"note\"\"", result.GeneratedSources.Single(s => s.HintName == "Shop.Campaign.Schema.g.cs").SourceText.ToString());
    }

    [Fact]
    public void No_symbol_syntax_or_compilation_is_held_past_the_transform()
    {
        var (driver, _) = First();
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
            foreach (var run in result.TrackedSteps[step])
                foreach (var (value, _) in run.Outputs)
                    AssertNoRoslynObjects(value, step, depth: 0);
    }

    private static void AssertNoRoslynObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 8) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location, $"{step} holds a {value.GetType().Name}");
        var type = value.GetType();
        if (type.IsPrimitive || value is string || type.IsEnum) return;
        if (value is IEnumerable sequence)
        {
            foreach (var item in sequence) AssertNoRoslynObjects(item, step, depth + 1);
            return;
        }
        foreach (var property in type.GetProperties())
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            AssertNoRoslynObjects(property.GetValue(value), step, depth + 1);
        }
    }
}
