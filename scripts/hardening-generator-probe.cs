// Issue 20, items 2 and 3, at the generator level (what the IDE runs on every keystroke): the regression tests of
// tests/OmniSqlite.Analyzers.Tests/Generator/GeneratorHardeningTests.cs in a form that also compiles against the code
// before the fixes (82801bc, whose GeneratorHarness has only Run). Not part of the suite; docs/hardening.md keeps a run:
//
//   git worktree add --detach /work/wt-before 82801bc
//   cp scripts/hardening-generator-probe.cs /work/wt-before/tests/OmniSqlite.Analyzers.Tests/HardeningProbe.cs
//   dotnet test /work/wt-before/tests/OmniSqlite.Analyzers.Tests --filter FullyQualifiedName~HardeningBeforeProbe
//   (and the same with this tree's tests/OmniSqlite.Analyzers.Tests; delete the copy afterwards)
using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Before;

// Issue 20, items 2 and 3: the regression tests of main's GeneratorHardeningTests, run against the code before the fixes (82801bc).
public class HardeningBeforeProbe
{
    [Fact]
    public void Half_typed_class_without_the_class_keyword_generates_nothing_for_it_and_keeps_the_others()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                [Table] public sealed class Order { public long Id { get; set; } }
                public sealed Client { [PrimaryKey] public long Id { get; set; } public string Name { get; set; } = ""; }
            }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Null(result.Run.Results.Single().Exception);
        Assert.DoesNotContain(result.Output.GetDiagnostics(), d => d.Id == "CS8785");
        var hints = result.Run.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("App.Order.Repository.g.cs", hints);
        Assert.DoesNotContain(hints, h => h.Contains('<') || h.Contains("invalid"));
    }

    [Fact]
    public void Newline_in_an_indexed_column_name_compiles()
    {
        var result = GeneratorHarness.Run("""
            using OmniSqlite;
            namespace App
            {
                [Table("odd")] public sealed class Odd { public long Id { get; set; } [Indexed, Column("two\r\nlines")] public string Text { get; set; } = ""; }
            }
            """);
        Assert.Null(result.Run.Results.Single().Exception);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
    }
}
