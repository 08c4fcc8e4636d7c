using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.Data.Sqlite;
using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

/// <summary>Generated [Query] code compiles warning-free under nullable, warnings-as-errors and checked arithmetic, whatever the names.</summary>
public sealed class GeneratedQueryCodeTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        namespace App
        {
            public enum Big : ulong { Max = ulong.MaxValue }
            [Table("order")] public sealed class Order { [PrimaryKey] public long Id { get; set; } [Indexed] public string Group { get; set; } = ""; public Big Size { get; set; } }
            public sealed class Reader { public long Command { get; set; } public string? Class { get; set; } public Big Value { get; set; } }
            public static partial class @class
            {
                public partial class Nested
                {
                    [Query("SELECT id AS command, \"group\" AS class, size AS value FROM \"order\" WHERE \"group\" = $command OR id = @reader OR id IN :list")]
                    public static partial List<Reader> Read(SqliteConnection connection, string command, long reader, long[] list, SqliteTransaction? transaction = null);

                    [Query("SELECT id FROM \"order\" WHERE id = $result")]
                    public static partial Task<long?> Read(SqliteConnection connection, long result, CancellationToken cancellationToken);

                    [Query("UPDATE \"order\" SET size = $value WHERE id = $id")]
                    public static partial int Resize(SqliteConnection connection, long id, Big value);
                }
            }
            public static class Program
            {
                public static string Run(SqliteConnection c)
                {
                    OmniSqliteSchema.EnsureCreated(c);
                    new OrderRepository(c).Insert(new Order { Id = 1, Group = "g", Size = Big.Max });
                    @class.Nested.Resize(c, 1, Big.Max);
                    var rows = @class.Nested.Read(c, "g", 0, new long[0]);
                    return rows.Count + ":" + rows[0].Command + ":" + rows[0].Class + ":" + rows[0].Value + ":" + @class.Nested.Read(c, 1, default).Result;
                }
            }
        }
        """;

    [Fact]
    public void Keywords_and_names_of_generated_locals_compile_and_run_under_checked_arithmetic()
    {
        var compilation = GeneratorHarness.Compile("App", Source);
        compilation = compilation.WithOptions(compilation.Options.WithOverflowChecks(true));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.All(generatorDiagnostics, d => Assert.Equal("OSQL124", d.Id)); // the ulong enum's ordering warning
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        var assembly = GeneratorHarness.Load(output);
        var folder = Directory.CreateTempSubdirectory("omnisqlite-query-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "q.db")};Pooling=False");
            connection.Open();
            var run = assembly.GetType("App.Program")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            Assert.Equal("1:1:g:Max:1", run.Invoke(null, new object[] { connection }));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private const string LimitSource = """
        using System.Collections.Generic;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        ASSEMBLY
        namespace App
        {
            [Table("items")] public sealed class Item { [PrimaryKey] public long Id { get; set; } }
            public static partial class Q
            {
                [Query("SELECT id FROM items ORDER BY id LIMIT 3")] public static partial List<long> Three(SqliteConnection connection);
                [Query("SELECT id FROM items ORDER BY id LIMIT 20")] public static partial IReadOnlyList<long> Twenty(SqliteConnection connection);
                [Query("SELECT id FROM items ORDER BY id LIMIT 65")] public static partial List<long> Many(SqliteConnection connection);
                [Query("SELECT id FROM items ORDER BY id LIMIT $n")] public static partial List<long> Some(SqliteConnection connection, int n);
            }
            public static class Program
            {
                public static string Run(SqliteConnection c)
                {
                    OmniSqliteSchema.EnsureCreated(c);
                    var items = new ItemRepository(c);
                    for (long i = 1; i <= 10; i++) items.Insert(new Item { Id = i });
                    var three = Q.Three(c);
                    var twenty = Q.Twenty(c);
                    return string.Join(",", three) + "|" + three.Capacity + "|" + twenty.Count + "|" + Q.Many(c).Count + "|" + string.Join(",", Q.Some(c, 2));
                }
            }
        }
        """;

    [Theory]
    [InlineData("")]
    [InlineData("[assembly: OmniSqliteGeneration(DataPath = DataPath.AdoNet)]")]
    public void A_constant_limit_up_to_64_sizes_the_list_once_on_both_data_paths(string assembly)
    {
        var result = GeneratorHarness.Run(LimitSource.Replace("ASSEMBLY", assembly, StringComparison.Ordinal));
        Assert.Empty(result.CompileErrorsAndWarnings);
        var code = result.Source("App.Q.Queries.g.cs");
        Assert.Contains("List<long>(3)", code, StringComparison.Ordinal);
        Assert.Contains("List<long>(20)", code, StringComparison.Ordinal);
        // LIMIT 65 (more than a call may usually return) and a parameter: the list grows as usual.
        Assert.Equal(2, code.Split("List<long>()").Length - 1);

        var loaded = GeneratorHarness.Load(result.Output);
        var folder = Directory.CreateTempSubdirectory("omnisqlite-query-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder.FullName, "q.db")};Pooling=False");
            connection.Open();
            var run = loaded.GetType("App.Program")!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
            Assert.Equal("1,2,3|3|10|10|1,2", run.Invoke(null, new object[] { connection }));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
