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

/// <summary>
/// [Query] methods generate no type of their own: only members (named <c>__Query{n}_{Method}...</c>) of the user's partial
/// class, so a [Query] result type has nothing generated to clash with; what can clash is a user type that takes an entity's
/// generated name, which OSQL111 covers whether or not [Query] methods read into it.
/// </summary>
public sealed class QueryGeneratedTypeTests
{
    [Fact]
    public void Query_classes_get_members_only_never_a_type()
    {
        const string source = """
            using System.Collections.Generic;
            using Microsoft.Data.Sqlite;
            using OmniSqlite;
            namespace Shop
            {
                [Table("clients")] public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; }
                public sealed record ClientRow(long Id, string Name);
                public static partial class Queries
                {
                    [Query("SELECT id, name FROM clients WHERE id = $id")] public static partial ClientRow? One(SqliteConnection connection, long id);
                    [Query("SELECT id, name FROM clients")] public static partial List<ClientRow> All(SqliteConnection connection);
                    [Query("SELECT id, name FROM clients")] public static partial List<(long Id, string Name)> Tuples(SqliteConnection connection);
                }
                public sealed partial class ClientRepository
                {
                    [Query("SELECT id, name FROM clients")] public partial List<ClientRow> Rows();
                }
            }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
        var queryFiles = result.Run.Results.Single().GeneratedSources.Where(s => s.HintName.EndsWith(".Queries.g.cs", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(queryFiles);
        foreach (var file in queryFiles)
        {
            var types = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(file.SourceText).GetRoot().DescendantNodes()
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>().ToList();
            // Only the user's own partial classes are reopened.
            Assert.All(types, t => Assert.Contains(t.Identifier.Text, new[] { "Queries", "ClientRepository" }));
        }
    }

    [Theory]
    [InlineData("public sealed record ClientSchema(long Id);", "ClientSchema", "Shop.ClientSchema")]
    [InlineData("public sealed class ClientRepository { public long Id { get; set; } }", "ClientRepository", "Shop.ClientRepository")]
    [InlineData("public struct ClientSchema { public long Id { get; set; } }", "ClientSchema", "Shop.ClientSchema")]
    public void A_type_of_the_users_code_named_like_a_generated_type_is_OSQL111_not_CS0101(string type, string name, string holder)
    {
        var source = """
            using System.Collections.Generic;
            using Microsoft.Data.Sqlite;
            using OmniSqlite;
            namespace Shop
            {
                [Table("clients")] public sealed class Client { public long Id { get; set; } }
                TYPE
                public static partial class Queries
                {
                    [Query("SELECT id FROM clients")] public static partial List<long> Ids(SqliteConnection connection);
                }
            }
            """.Replace("TYPE", type, StringComparison.Ordinal);
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL111", d.Id);
        Assert.Contains("Entity 'Shop.Client' would generate '" + name + "' in namespace 'Shop', which is already the type '" + holder + "' of your code, not a partial class the generated one can join", d.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("Client", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Empty(result.CompileErrorsAndWarnings);
    }

    [Fact]
    public void Near_miss_partial_classes_of_the_generated_names_join_them()
    {
        const string source = """
            using OmniSqlite;
            namespace Shop
            {
                [Table("clients")] public sealed class Client { public long Id { get; set; } }
                public static partial class ClientSchema { public const int Answer = 42; }
                public sealed partial class ClientRepository { }
                public sealed record ClientSchema<T>(T Id);
            }
            namespace Shop.Elsewhere { public sealed record ClientSchema(long Id); }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
    }
}
