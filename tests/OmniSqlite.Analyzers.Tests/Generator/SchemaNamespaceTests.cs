using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>
/// <c>OmniSqliteSchema</c> is reachable from the entities' namespace without knowing the assembly's root namespace
/// (issue 19): it is generated once, in the namespace all entities share (the root namespace when they share none).
/// </summary>
public sealed class SchemaNamespaceTests
{
    private static GeneratorHarness.Result RunProgram(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile("Consumer.App", sources);
        var result = GeneratorHarness.Run(compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication)));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
        return result;
    }

    private static string[] Tables(GeneratorHarness.Result result, string program)
    {
        var assembly = GeneratorHarness.Load(result.Output);
        var folder = Directory.CreateTempSubdirectory("omnisqlite-ns-");
        try
        {
            var path = Path.Combine(folder.FullName, "n.db");
            assembly.GetType(program)!.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { path });
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> '_omnisqlite_schema' ORDER BY name";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read()) names.Add(reader.GetString(0));
            return names.ToArray();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Top_level_statements_reach_it_through_the_entities_namespace()
    {
        var result = RunProgram(
            "using OmniSqlite; namespace Shop { [Table] public sealed class Client { public long Id { get; set; } } }",
            """
            using Shop;
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
            connection.Open();
            OmniSqliteSchema.EnsureCreated(connection);
            new ClientRepository(connection).Insert(new Client());
            public static partial class Program
            {
                public static void Create(string path)
                {
                    using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False");
                    c.Open();
                    OmniSqliteSchema.EnsureCreated(c);
                }
            }
            """);
        Assert.Equal(new[] { "client" }, Tables(result, "Program"));
    }

    [Fact]
    public void Entities_in_two_namespaces_share_one_schema_in_their_common_namespace()
    {
        var result = RunProgram(
            "using OmniSqlite; namespace Shop.Sales { [Table] public sealed class Invoice { public long Id { get; set; } } }",
            "using OmniSqlite; namespace Shop.Support { [Table] public sealed class Ticket { public long Id { get; set; } } }",
            """
            namespace Shop.Sales
            {
                public static class Setup
                {
                    // No using and no root namespace: Shop.OmniSqliteSchema is found from the enclosing namespace.
                    public static void Create(string path)
                    {
                        using var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False");
                        c.Open();
                        OmniSqliteSchema.EnsureCreated(c);
                    }
                }
            }
            """,
            """
            using Shop;
            using Shop.Sales;
            using Shop.Support;
            System.Console.WriteLine(OmniSqliteSchema.Tables.Count);   // one class: importing more namespaces is no CS0104
            System.Console.WriteLine(new InvoiceRepository(new Microsoft.Data.Sqlite.SqliteConnection()).Connection is null);
            """);
        Assert.Contains("namespace Shop\n", result.Source("OmniSqliteSchema.g.cs"));
        Assert.Equal(new[] { "invoice", "ticket" }, Tables(result, "Shop.Sales.Setup"));
    }

    [Fact]
    public void Entities_that_share_no_namespace_get_it_in_the_root_namespace()
    {
        var result = RunProgram(
            "using OmniSqlite; namespace Sales { [Table] public sealed class Invoice { public long Id { get; set; } } }",
            "using OmniSqlite; [Table] public sealed class Ticket { public long Id { get; set; } }",
            "using Sales; Consumer.App.OmniSqliteSchema.EnsureCreated(new Microsoft.Data.Sqlite.SqliteConnection());");
        Assert.Single(result.Run.Results.Single().GeneratedSources, s => s.HintName.StartsWith("OmniSqliteSchema", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_importing_the_root_and_the_entities_namespace_is_not_ambiguous()
    {
        // The sample's Program.cs does this: `using OmniSqlite.Sample; using OmniSqlite.Sample.Domain;`.
        RunProgram(
            "using OmniSqlite; namespace Consumer.App.Domain { [Table] public sealed class Client { public long Id { get; set; } } }",
            "using Consumer.App; using Consumer.App.Domain; OmniSqliteSchema.EnsureCreated(new Microsoft.Data.Sqlite.SqliteConnection());",
            "namespace Consumer.App { public static class Marker { } }");
    }
}
