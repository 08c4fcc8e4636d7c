using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>
/// The SQL in string literals is analysed once at compilation start (SqlCompilationState.AnalyzeAhead); the code-block
/// callbacks then only look it up. What is not found ahead is still analysed when a callback asks, so these tests say
/// only what is found ahead: the rule tests show the findings are the same either way.
/// </summary>
public class AnalyzeAheadTests
{
    private static SqlCompilationState State(string source)
    {
        var compilation = CSharpCompilation.Create("Ahead", new[] { CSharpSyntaxTree.ParseText(source) }, TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return SqlCompilationState.Create(compilation, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), CancellationToken.None)!;
    }

    [Fact]
    public void Literals_that_start_a_query_or_a_change_are_analysed_at_compilation_start()
    {
        var state = State(""""
            class Sql
            {
                const string Select = "SELECT id FROM orders WHERE customer_id = @c";
                static readonly string Update = @"
                    UPDATE orders SET total = 0 WHERE id = @id";
                string Delete() => """
                    DELETE FROM orders WHERE id = @id
                    """;
                void Insert(Microsoft.Data.Sqlite.SqliteCommand command) => command.CommandText = "INSERT INTO orders (id) SELECT id FROM staging";
            }
            """");

        Assert.True(state.IsAnalyzed("SELECT id FROM orders WHERE customer_id = @c", false));
        Assert.True(state.IsAnalyzed("\n        UPDATE orders SET total = 0 WHERE id = @id", false));
        Assert.True(state.IsAnalyzed("DELETE FROM orders WHERE id = @id", false));
        Assert.True(state.IsAnalyzed("INSERT INTO orders (id) SELECT id FROM staging", false));
    }

    [Fact]
    public void Prose_lower_case_sql_comments_and_interpolations_are_left_to_the_callbacks()
    {
        var state = State("""
            class Texts
            {
                // SELECT id FROM orders
                const string Prompt = "Select an item";
                const string Lower = "select id from orders";
                const string Sentence = "the SELECT list names no column";
                string Built(int id) => $"SELECT id FROM orders WHERE id = {id}";
            }
            """);

        Assert.False(state.IsAnalyzed("SELECT id FROM orders", false));
        Assert.False(state.IsAnalyzed("Select an item", false));
        Assert.False(state.IsAnalyzed("select id from orders", false));
        Assert.False(state.IsAnalyzed("the SELECT list names no column", false));
    }
}
