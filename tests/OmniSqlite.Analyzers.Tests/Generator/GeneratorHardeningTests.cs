using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>
/// Inputs that used to crash the generator (CS8785) or produce code that does not compile (issue 20, items 2-5):
/// each must give either working code or a diagnostic with a location, never an exception.
/// </summary>
public sealed class GeneratorHardeningTests
{
    private static GeneratorHarness.Result RunClean(string source)
    {
        var result = GeneratorHarness.RunChecked(source);
        Assert.Null(result.Run.Results.Single().Exception);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompileErrorsAndWarnings);
        return result;
    }

    /// <summary>Loads the output and calls <c>App.Program.Run(connection)</c> on a fresh database file.</summary>
    private static object? Execute(GeneratorHarness.Result result)
    {
        var assembly = GeneratorHarness.Load(result.Output);
        var folder = Directory.CreateTempSubdirectory("omnisqlite-gen-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "g.db")};Pooling=False");
            connection.Open();
            return assembly.GetType("App.Program")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, new object[] { connection });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static string Located(string source, Diagnostic d) => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

    [Fact]
    public void Nested_entities_with_one_name_in_two_outer_classes_get_distinct_files_and_types()
    {
        var result = RunClean("""
            using OmniSqlite;
            namespace App
            {
                public static class Sales { [Table("sales_clients")] public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; } }
                public static class Support { [Table("support_clients")] public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; } }
                public static class Program
                {
                    public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                    {
                        TestApp.OmniSqliteSchema.EnsureCreated(c);
                        new SalesClientRepository(c).Insert(new Sales.Client { Name = "s" });
                        var support = new SupportClientRepository(c);
                        support.Insert(new Support.Client { Name = "t" });
                        support.Insert(new Support.Client { Name = "u" });
                        return new SalesClientRepository(c).Count() + ":" + support.Count();
                    }
                }
            }
            """);
        var hints = result.Run.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("App.Sales.Client.Repository.g.cs", hints);
        Assert.Contains("App.Support.Client.Repository.g.cs", hints);
        Assert.Equal("1:2", Execute(result));
    }

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
    public void Index_on_a_member_that_lost_its_column_to_a_duplicate_reports_OSQL102_without_an_exception()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                [Table, Index(nameof(Other))]
                public sealed class Thing { public long Id { get; set; } public string CreatedAt { get; set; } = ""; [Column("created_at")] public string Other { get; set; } = ""; }
            }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Null(result.Run.Results.Single().Exception);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL102", d.Id);
        Assert.Equal("Other", Located(source, d));
    }

    [Fact]
    public void Keyword_and_colliding_member_names_compile_and_run()
    {
        // @default and @class are keywords; Command, CancellationToken and Columns are names the generated code uses itself.
        var result = RunClean("""
            using OmniSqlite;
            namespace App
            {
                [Table, Index(nameof(Command), nameof(CancellationToken))]
                public sealed class Job
                {
                    public long Id { get; set; }
                    [Indexed] public int @default { get; set; }
                    [Indexed] public string @class { get; set; } = "";
                    [Indexed] public string Command { get; set; } = "";
                    public string CancellationToken { get; set; } = "";
                    public string Columns { get; set; } = "";
                    public string Entity { get; set; } = "";
                    public long Count { get; set; }
                }
                public static class Program
                {
                    public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                    {
                        TestApp.OmniSqliteSchema.EnsureCreated(c);
                        var jobs = new JobRepository(c);
                        jobs.Insert(new Job { @default = 7, @class = "k", Command = "run", CancellationToken = "t", Columns = "x", Entity = "e", Count = 3 });
                        var a = jobs.FindBydefault(7).Count;
                        var b = jobs.FindByclass("k").Count;
                        var d = jobs.FindByCommandAndCancellationToken("run", "t").Count;
                        var e = jobs.FindByCommandAsync("run", System.Threading.CancellationToken.None).Result[0];
                        return a + ":" + b + ":" + d + ":" + e.Columns + e.Entity + e.Count + ":" + JobSchema.Columns.ColumnsColumn + JobSchema.Columns.@default;
                    }
                }
            }
            """);
        Assert.Equal("1:1:1:xe3:columnsdefault", Execute(result));
    }

    [Fact]
    public void Newlines_and_markup_in_table_and_column_names_stay_inside_the_doc_comments_and_literals()
    {
        var result = RunClean("""
            using OmniSqlite;
            namespace App
            {
                [Table("odd\nname <&> \"q\"")]
                public sealed class Odd { public long Id { get; set; } [Indexed, Column("two\r\nlines")] public string Text { get; set; } = ""; }
                public static class Program
                {
                    public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                    {
                        TestApp.OmniSqliteSchema.EnsureCreated(c);
                        var repo = new OddRepository(c);
                        repo.Insert(new Odd { Text = "t" });
                        return repo.FindByText("t").Count + ":" + OddSchema.TableName;
                    }
                }
            }
            """);
        var repository = result.Source("App.Odd.Repository.g.cs");
        Assert.Contains("(table odd name &lt;&amp;&gt; \"q\")", repository);
        Assert.DoesNotContain("&amp;lt;", result.Source("App.Odd.Schema.g.cs"));
        Assert.Equal("1:odd\nname <&> \"q\"", Execute(result));
    }

    [Fact]
    public void OSQL110_ignored_required_member_points_at_the_member()
    {
        const string source = """
            using OmniSqlite;
            namespace App { [Table] public sealed class Note { public long Id { get; set; } [Ignore] public required string Cache { get; set; } } }
            """;
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL110", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("Cache", Located(source, d));
        Assert.DoesNotContain(result.Output.GetDiagnostics(), x => x.Id == "CS9035");
    }

    [Fact]
    public void Required_members_that_are_stored_still_compile()
    {
        RunClean("""
            using OmniSqlite;
            namespace App { [Table] public sealed class Note { public long Id { get; set; } public required string Title { get; set; } [Ignore] public string Cache { get; set; } = ""; } }
            """);
    }

    [Fact]
    public void File_local_entity_is_OSQL106_not_CS0234()
    {
        const string source = """
            using OmniSqlite;
            namespace App { [Table] file sealed class Secret { public long Id { get; set; } } }
            """;
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL106", d.Id);
        Assert.Contains("file-local", d.GetMessage());
        Assert.Equal("Secret", Located(source, d));
        Assert.DoesNotContain(result.Output.GetDiagnostics(), x => x.Id == "CS0234");
    }

    [Fact]
    public void OSQL108_default_index_names_that_come_out_equal()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                [Table("a_b")] public sealed class Ab { public long Id { get; set; } [Indexed] public long C { get; set; } }
                [Table("a")] public sealed class A { public long Id { get; set; } [Indexed, Column("b_c")] public long BC { get; set; } }
            }
            """;
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL108", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Contains("'idx_a_b_c'", d.GetMessage());
        Assert.Equal("C", Located(source, d));
    }

    [Fact]
    public void OSQL108_explicit_index_name_equal_to_a_table_and_class_level_duplicates()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                [Table("orders")] public sealed class Order { public long Id { get; set; } [Indexed(Name = "Clients")] public long ClientId { get; set; } }
                [Table("clients"), Index(nameof(Name), Name = "ix_same"), Index(nameof(Code), Name = "IX_SAME")]
                public sealed class Client { public long Id { get; set; } public string Name { get; set; } = ""; public string Code { get; set; } = ""; }
            }
            """;
        var result = GeneratorHarness.Run(source);
        var ids = result.GeneratorDiagnostics.Select(d => (d.Id, Located(source, d))).OrderBy(x => x.Item2).ToList();
        Assert.Equal(new[] { ("OSQL108", "ClientId"), ("OSQL108", "Index(nameof(Code), Name = \"IX_SAME\")") }, ids);
    }

    [Fact]
    public void Same_index_declared_twice_on_one_entity_is_not_a_collision()
    {
        RunClean("""
            using OmniSqlite;
            namespace App { [Table("t"), Index(nameof(Code))] public sealed class T { public long Id { get; set; } [Indexed] public string Code { get; set; } = ""; } }
            """);
    }

    [Fact]
    public void OSQL109_tables_that_differ_only_in_case()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                [Table("dup")] public sealed class Draft { public long Id { get; set; } }
                [Table("DUP")] public sealed class Duplicate { public long Id { get; set; } }
            }
            """;
        var result = GeneratorHarness.Run(source);
        var d = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OSQL109", d.Id);
        Assert.Equal("Duplicate", Located(source, d));
        Assert.Contains("'dup'", d.GetMessage());
    }
}
