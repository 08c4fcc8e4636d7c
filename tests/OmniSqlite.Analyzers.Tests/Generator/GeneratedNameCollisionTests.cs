using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>OSQL111: generated type names that would clash (CS0101 in generated code) are a generator error instead.</summary>
public sealed class GeneratedNameCollisionTests
{
    [Theory]
    [InlineData("""
        public static class Outer { [Table("outer_clients")] public sealed class Client { public long Id { get; set; } } }
        [Table("clients")] public sealed class OuterClient { public long Id { get; set; } }
        """, "Shop.OuterClient", "OuterClientRepository", "the generated 'OuterClientRepository' of entity 'Shop.Outer.Client'")]
    [InlineData("""
        [Table("clients")] public sealed class Client { public long Id { get; set; } }
        [Table("client_repos")] public sealed class ClientRepository { public long Id { get; set; } }
        """, "Shop.Client", "ClientRepository", "the entity type 'Shop.ClientRepository'")]
    [InlineData("""
        public static class A { [Table("a_bc")] public sealed class BC { public long Id { get; set; } } }
        public static class AB { [Table("ab_c")] public sealed class C { public long Id { get; set; } } }
        """, "Shop.AB.C", "ABCRepository", "the generated 'ABCRepository' of entity 'Shop.A.BC'")]
    public void OSQL111_instead_of_CS0101(string entities, string entity, string name, string holder)
    {
        var source = "using OmniSqlite; namespace Shop {\n" + entities + "\n}";
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL111", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("Entity '" + entity + "' would generate '" + name + "' in namespace 'Shop', which is already " + holder, d.GetMessage(), StringComparison.Ordinal);
        var at = source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);
        Assert.Contains(entity.Substring(entity.LastIndexOf('.') + 1), at, StringComparison.Ordinal);
        // The clashing entity is not generated: no CS0101, and the other one works.
        Assert.DoesNotContain(result.CompileErrorsAndWarnings, x => x.Id == "CS0101" || x.Id == "CS0111" || x.Id == "CS0102");
        Assert.Empty(result.CompileErrorsAndWarnings);
    }

    [Fact]
    public void Near_misses_stay_silent()
    {
        // Two nested Clients in different classes, one top-level Client elsewhere, and a user-written partial ClientRepository for [Query] methods.
        const string source = """
            using OmniSqlite;
            namespace Shop
            {
                public static class Sales { [Table("sales_clients")] public sealed class Client { public long Id { get; set; } } }
                public static class Support { [Table("support_clients")] public sealed class Client { public long Id { get; set; } } }
                [Table("clients")] public sealed class Client { public long Id { get; set; } }
                public sealed partial class ClientRepository { }
            }
            namespace Shop.Other { [Table("other_clients")] public sealed class OuterClient { public long Id { get; set; } } }
            namespace Shop.Other2 { public static class Outer { [Table("other2_clients")] public sealed class Client { public long Id { get; set; } } } }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
    }
}
