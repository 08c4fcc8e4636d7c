using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>Every OSQL1xx diagnostic, with its location; no exceptions, and nothing generated for a broken entity.</summary>
public sealed class GeneratorDiagnosticTests
{
    private static (Diagnostic Diagnostic, string LocatedText, GeneratorHarness.Result Result) Single(string source)
    {
        var result = GeneratorHarness.Run(source);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        var text = source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
        Assert.DoesNotContain(result.Run.Results.Single().GeneratedSources, s => s.HintName.Contains("Repository"));
        Assert.Null(result.Run.Results.Single().Exception);
        return (diagnostic, text, result);
    }

    [Fact]
    public void OSQL100_entity_without_primary_key()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table] public class Thing { public string Name { get; set; } = \"\"; } }");
        Assert.Equal("OSQL100", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Thing", text);
        Assert.Contains("[PrimaryKey]", d.GetMessage());
    }

    [Fact]
    public void OSQL101_unsupported_member_type_points_at_the_member()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table] public class Thing { public long Id { get; set; } public System.Uri Link { get; set; } = null!; } }");
        Assert.Equal("OSQL101", d.Id);
        Assert.Equal("Link", text);
        Assert.Contains("Uri", d.GetMessage());
        Assert.Contains("[Ignore]", d.GetMessage());
    }

    [Fact]
    public void OSQL102_two_members_map_to_one_column()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table] public class Thing { public long Id { get; set; } public string CreatedAt { get; set; } = \"\"; [Column(\"created_at\")] public string Other { get; set; } = \"\"; } }");
        Assert.Equal("OSQL102", d.Id);
        Assert.Equal("Other", text);
        Assert.Contains("created_at", d.GetMessage());
    }

    [Fact]
    public void OSQL103_index_names_a_missing_member_and_points_at_the_attribute()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table, Index(\"Nope\")] public class Thing { public long Id { get; set; } } }");
        Assert.Equal("OSQL103", d.Id);
        Assert.Equal("Index(\"Nope\")", text);
        Assert.Contains("'Nope'", d.GetMessage());
    }

    [Fact]
    public void OSQL104_two_primary_keys()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table] public class Thing { [PrimaryKey] public long A { get; set; } [PrimaryKey] public long B { get; set; } } }");
        Assert.Equal("OSQL104", d.Id);
        Assert.Equal("Thing", text);
        Assert.Contains("A, B", d.GetMessage());
    }

    [Fact]
    public void OSQL105_autoincrement_on_a_text_key()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table] public class Thing { [PrimaryKey, AutoIncrement] public string Code { get; set; } = \"\"; } }");
        Assert.Equal("OSQL105", d.Id);
        Assert.Equal("Code", text);
    }

    [Theory]
    [InlineData("[Table] public abstract class Thing { public long Id { get; set; } }", "abstract")]
    [InlineData("[Table] public class Thing<T> { public long Id { get; set; } }", "generic")]
    [InlineData("public class Outer { [Table] private class Thing { public long Id { get; set; } } }", "private")]
    public void OSQL106_unsupported_entity_shape(string declaration, string why)
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { " + declaration + " }");
        Assert.Equal("OSQL106", d.Id);
        Assert.Equal("Thing", text);
        Assert.Contains(why, d.GetMessage());
    }

    [Fact]
    public void OSQL107_no_usable_constructor()
    {
        var (d, text, _) = Single("using OmniSqlite; namespace N { [Table] public class Thing { public Thing(int unrelated) { } public long Id { get; set; } } }");
        Assert.Equal("OSQL107", d.Id);
        Assert.Equal("Thing", text);
    }

    [Fact]
    public void A_broken_entity_does_not_stop_the_others()
    {
        var result = GeneratorHarness.Run("using OmniSqlite; namespace N { [Table] public class Bad { public string X { get; set; } = \"\"; } [Table] public class Good { public long Id { get; set; } } }");
        Assert.Equal("OSQL100", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Contains(result.Run.Results.Single().GeneratedSources, s => s.HintName == "N.Good.Repository.g.cs");
    }

    [Theory]
    [InlineData("using OmniSqlite; namespace N { [Table] public class Thing { public long Id { get; set; } public ")]
    [InlineData("using OmniSqlite; namespace N { [Table(] public class Thing { [PrimaryKey] public  Id { get; set; } } }")]
    [InlineData("using OmniSqlite; namespace N { [Table] public class { [Indexed] public long Id { get; set; } } }")]
    [InlineData("using OmniSqlite; namespace N { [Index(null)] [Table] public class T { public long Id { get; set; } } }")]
    [InlineData("using OmniSqlite; namespace N { [Table] public class T { [Column(null)] public long Id { get; set; } [PrimaryKey] public Missing X { get; set; } } }")]
    public void Half_typed_code_never_throws(string source)
    {
        var result = GeneratorHarness.Run(source);
        Assert.Null(result.Run.Results.Single().Exception);
    }
}
