using System.Reflection;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Generator;

/// <summary>Generated code compiled in memory, loaded, and run against a real database file.</summary>
public sealed class GeneratedCodeRunTests
{
    [Fact]
    public void Reserved_word_entity_compiles_and_runs()
    {
        const string source = """
            using OmniSqlite;
            namespace App
            {
                public sealed class Group { [PrimaryKey] public long Id { get; set; } [Indexed] public string Order { get; set; } = ""; [Column("select")] public string? Where { get; set; } }
                public static class Program
                {
                    public static string Run(Microsoft.Data.Sqlite.SqliteConnection c)
                    {
                        App.OmniSqliteSchema.EnsureCreated(c);
                        var repo = new GroupRepository(c);
                        repo.Insert(new Group { Order = "by", Where = "here" });
                        var found = repo.FindByOrder("by");
                        return found[0].Id + ":" + found[0].Where + ":" + repo.Count();
                    }
                }
            }
            """;
        var result = GeneratorHarness.Run(source);
        Assert.Empty(result.CompileErrorsAndWarnings);
        var assembly = GeneratorHarness.Load(result.Output);

        var folder = Directory.CreateTempSubdirectory("omnisqlite-gen-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "g.db")};Pooling=False");
            connection.Open();
            var run = assembly.GetType("App.Program")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            Assert.Equal("1:here:1", run.Invoke(null, new object[] { connection }));
            using var check = connection.CreateCommand();
            check.CommandText = "SELECT count(*) FROM sqlite_schema WHERE name IN ('group', 'idx_group_order')";
            Assert.Equal(2L, check.ExecuteScalar());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
