using System.Reflection;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Emitting;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>The shared bind/read expressions and the multi-line writer.</summary>
public sealed class ValueCodeTests
{
    /// <summary>The names the entity parser writes for special types without formatting are the formatter's own.</summary>
    [Fact]
    public void Special_type_names_are_what_the_fully_qualified_format_gives()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Names", references: TestReferences.All);
        int named = 0;
        foreach (Microsoft.CodeAnalysis.SpecialType special in Enum.GetValues(typeof(Microsoft.CodeAnalysis.SpecialType)))
        {
            if (special is Microsoft.CodeAnalysis.SpecialType.None or Microsoft.CodeAnalysis.SpecialType.Count) continue;
            if (!OmniSqlite.Analyzers.Parsing.EntityParser.TryClassifySpecial(special, out _, out var name)) continue;
            Assert.Equal(compilation.GetSpecialType(special).ToDisplayString(Microsoft.CodeAnalysis.SymbolDisplayFormat.FullyQualifiedFormat), name);
            named++;
        }
        Assert.Equal(14, named);
    }

    [Fact]
    public void WriteLine_indents_every_line_of_a_template_and_keeps_empty_lines_empty()
    {
        var w = new SourceWriter();
        w.Open("class C");
        w.WriteLine("""
            int A;

            int B;
            """);
        w.Close();
        Assert.Equal("class C\n{\n    int A;\n\n    int B;\n}\n", w.ToString());
    }

    [Fact]
    public void WriteLine_accepts_crlf_text()
    {
        var w = new SourceWriter();
        w.Indentation = 1;
        w.WriteLine("a\r\nb");
        w.Indentation = 0;
        Assert.Equal("    a\n    b\n", w.ToString());
    }

    [Fact]
    public void Bind_and_read_expressions_for_nullable_and_enum_kinds()
    {
        Assert.Equal("(x).HasValue ? (object)(x).GetValueOrDefault() : global::System.DBNull.Value", ValueCode.Bind(ValueKind.Int32, isNullableValueType: true, "x"));
        Assert.Equal("(object?)s ?? global::System.DBNull.Value", ValueCode.Bind(ValueKind.String, isNullableValueType: false, "s"));
        Assert.Equal("unchecked((long)e)", ValueCode.Bind(ValueKind.Enum, isNullableValueType: false, "e"));
        Assert.Equal("r.IsDBNull(2) ? default(global::System.Guid?) : r.GetGuid(2)", ValueCode.Read(ValueKind.Guid, "global::System.Guid", isNullable: true, "r", "2"));
        Assert.Equal("unchecked((global::App.Big)r.GetInt64(i))", ValueCode.Read(ValueKind.Enum, "global::App.Big", isNullable: false, "r", "i"));
    }

    [Fact]
    public void Enum_over_ulong_round_trips_under_checked_arithmetic()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                public enum Big : ulong { Small = 1, Huge = 0xFFFF_FFFF_FFFF_FFF0 }
                public sealed class Item { [PrimaryKey] public long Id { get; set; } [Indexed] public Big Size { get; set; } public Big? Maybe { get; set; } public ulong Raw { get; set; } }
                public static class Program
                {
                    public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                    {
                        App.OmniSqliteSchema.EnsureCreated(c);
                        var repo = new ItemRepository(c);
                        repo.Insert(new Item { Size = Big.Huge, Maybe = Big.Huge, Raw = ulong.MaxValue });
                        var found = repo.FindBySize(Big.Huge);
                        var back = repo.GetById(found[0].Id)!;
                        return back.Size + ":" + back.Maybe + ":" + back.Raw;
                    }
                }
            }
            """;
        var result = GeneratorHarness.RunChecked(source);
        Assert.Empty(result.CompileErrorsAndWarnings);
        var assembly = GeneratorHarness.Load(result.Output);
        var folder = Directory.CreateTempSubdirectory("omnisqlite-gen-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "g.db")};Pooling=False");
            connection.Open();
            var run = assembly.GetType("App.Program")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            Assert.Equal("Huge:Huge:" + ulong.MaxValue, run.Invoke(null, new object[] { connection }));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
