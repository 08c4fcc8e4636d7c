using Microsoft.CodeAnalysis;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

/// <summary>
/// Schema across projects: the generator records a Domain assembly's schema in the assembly, and the SQL rules of an App
/// that references the compiled Domain check its SQL against those tables (the build-level twin is TwoProjectBuildTests).
/// </summary>
public class ReferencedSchemaTests
{
    private const string Domain = """
        using OmniSqlite;

        namespace Domain
        {
            [Table("orders")]
            public sealed class Order
            {
                [PrimaryKey, AutoIncrement] public long Id { get; set; }
                [Indexed] public long CustomerId { get; set; }
                public string Status { get; set; } = "";
            }
        }
        """;

    /// <summary>The Domain compiled with the generator, as a metadata reference (what a ProjectReference gives the compiler).</summary>
    internal static MetadataReference CompiledDomain(string source = Domain)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.Compile("Domain", source));
        using var stream = new MemoryStream();
        var emit = result.Output.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    [Fact]
    public void The_generator_records_the_schema_in_the_assembly()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.Compile("Domain", Domain));
        var manifest = result.Source("OmniSqlite.SchemaManifest.g.cs");
        Assert.Contains("[assembly: global::System.Reflection.AssemblyMetadata(@\"OmniSqlite.Schema\"", manifest);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"\"orders\"\"", manifest);
        Assert.Contains("customer_id", manifest);
        Assert.Empty(result.CompileErrorsAndWarnings);
    }

    [Fact]
    public Task Unindexed_column_of_a_referenced_entity_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL010", """
        static class Queries
        {
            static void Run(SqliteConnection connection)
            {
                using var byStatus = new SqliteCommand("SELECT * FROM orders WHERE {|OSQL010:status|} = @s", connection);
                using var byCustomer = new SqliteCommand("SELECT * FROM orders WHERE customer_id = @c", connection);
            }
        }
        """, new[] { CompiledDomain() });

    [Fact]
    public Task Misspelt_column_of_a_referenced_entity_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL013", """
        static class Queries
        {
            static void Run(SqliteConnection connection)
            {
                using var misspelt = new SqliteCommand("SELECT * FROM orders WHERE {|OSQL013:custmer_id|} = @c", connection);
                using var known = new SqliteCommand("SELECT status FROM orders WHERE customer_id = @c", connection);
            }
        }
        """, new[] { CompiledDomain() });

    [Fact]
    public Task Without_the_reference_the_table_is_unknown_and_silent() => SqlRuleVerifier.VerifyAsync("OSQL013", """
        static class Queries
        {
            static void Run(SqliteConnection connection)
            {
                using var misspelt = new SqliteCommand("SELECT * FROM orders WHERE custmer_id = @c", connection);
            }
        }
        """);

    // This project's own entities come from the manifest the generator wrote into the compilation (its resolved model),
    // not from parsing the entity classes again: here the manifest (as the generator would write it) indexes status and
    // the class in source does not, and the manifest is what the rule believes.
    [Fact]
    public async Task The_own_manifest_is_read_instead_of_parsing_the_entities_again()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(new[] { new OmniSqlite.Analyzers.Analyzers.SqlAnalyzer() }, """
            using Microsoft.Data.Sqlite;
            using OmniSqlite;
            [assembly: System.Reflection.AssemblyMetadata("OmniSqlite.Schema", "CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT NOT NULL, note TEXT); CREATE INDEX ix ON orders (status);")]
            [assembly: System.Reflection.AssemblyMetadata("OmniSqlite.Entities", "orders\tglobal::Order\tid=Id,status=Status,note=Note\n")]
            [Table("orders")] public sealed class Order { [PrimaryKey] public long Id { get; set; } public string Status { get; set; } = ""; [Indexed] public string? Note { get; set; } }
            static class Queries
            {
                static void Run(SqliteConnection connection)
                {
                    using var byStatus = new SqliteCommand("SELECT * FROM orders WHERE status = @s", connection);
                    using var byNote = new SqliteCommand("SELECT * FROM orders WHERE note = @n", connection);
                }
            }
            """);
        var unindexed = Assert.Single(diagnostics, d => d.Id == "OSQL010");
        Assert.Contains("'orders.note'", unindexed.GetMessage());
        Assert.Equal("global::Order", unindexed.Properties["EntityType"]);
        Assert.Equal("Note", unindexed.Properties["Members"]);
    }

    [Fact]
    public void The_generator_records_which_class_and_members_each_table_maps_to()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.Compile("Domain", Domain));
        var manifest = result.Source("OmniSqlite.SchemaManifest.g.cs");
        Assert.Contains("AssemblyMetadata(@\"OmniSqlite.Entities\"", manifest);
        Assert.Contains("orders\tglobal::Domain.Order\tid=Id,customer_id=CustomerId,status=Status\n", manifest);
    }

    private const string Library = """
        namespace Shared
        {
            public static class Sql
            {
                public const string ByStatus = "SELECT * FROM orders WHERE status = @s";
            }
        }
        """;

    [Fact]
    public Task Constant_sql_from_a_referenced_project_is_analysed() => SqlRuleVerifier.VerifyAsync("OSQL010", """
        static class Queries
        {
            static void Run(SqliteConnection connection)
            {
                using var byStatus = new SqliteCommand({|OSQL010:Shared.Sql.ByStatus|}, connection);
            }
        }
        """, new[] { CompiledDomain(Domain + Library) });
}
