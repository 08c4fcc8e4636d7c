using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>
/// The non-constant concatenation of issue 20 item 1 (10,000 pieces overflowed the compiler's stack in the recursive
/// <c>SqlInjectionAnalyzer.Collect</c>): OSQL014's value-set walk is iterative, and its cost is shown linear with a work
/// counter (<see cref="SqlInjectionRule.Steps"/>, operations popped by the walk) instead of a clock, the way
/// <see cref="LargeInputTests"/> does for AND/OR chains.
/// </summary>
public class LargeConcatenationTests(ITestOutputHelper log)
{
    /// <summary>The SQL argument of <c>new SqliteCommand(...)</c>: n pieces, every other one the parameter <c>value</c>.</summary>
    private static (IOperation Operation, SyntaxNode Syntax) SqlArgument(string shape, int n)
    {
        var pieces = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "\"a" + i + " \"" : "value");
        string sql = shape == "plus" ? string.Join(" + ", pieces) : "string.Concat(" + string.Join(", ", pieces) + ")";
        var compilation = AnalyzerRunner.Compile("""
            using Microsoft.Data.Sqlite;
            class Queries
            {
                void Run(SqliteConnection connection, string value)
                {
                    using var command = new SqliteCommand(
            """ + sql + """
            , connection);
                }
            }
            """);
        var tree = compilation.SyntaxTrees.Single();
        var creation = tree.GetRoot().DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Single();
        var argument = creation.ArgumentList!.Arguments[0].Expression;
        var operation = compilation.GetSemanticModel(tree).GetOperation(argument);
        Assert.NotNull(operation);
        return (operation!, argument);
    }

    /// <summary>Walk steps and OSQL014 findings for one concatenation, counted on this thread.</summary>
    private static (long Steps, int Findings) Walk(string shape, int n)
    {
        var (operation, syntax) = SqlArgument(shape, n);
        int findings = 0;
        long before = SqlInjectionRule.Steps;
        SqlInjectionRule.Analyze(new SqlSite(operation, syntax, text: null), _ => findings++);
        return (SqlInjectionRule.Steps - before, findings);
    }

    /// <summary>
    /// 4x the pieces cost at most 4.4x the steps. A walk that rescanned the concatenation per piece (or re-collected
    /// the chain below every <c>+</c>, as the recursive Collect did) would make the ratio about 16.
    /// </summary>
    [Theory]
    [InlineData("plus")]
    [InlineData("concat")]
    public void Concatenation_walk_grows_linearly_with_the_number_of_pieces(string shape)
    {
        var small = Walk(shape, 2_500);
        var large = Walk(shape, 10_000);
        // Every run-time piece is reported: the whole concatenation was walked.
        Assert.Equal(1_250, small.Findings);
        Assert.Equal(5_000, large.Findings);
        Assert.True(small.Steps >= 2_500, $"the counter saw only {small.Steps} steps for 2,500 pieces");
        double ratio = (double)large.Steps / small.Steps;
        log.WriteLine($"{shape}: 2,500 pieces {small.Steps} steps, 10,000 pieces {large.Steps} steps, ratio {ratio:0.000}");
        Assert.True(ratio <= 4.4, $"4x the pieces cost {ratio:0.00}x the steps ({small.Steps} -> {large.Steps}): not linear");
    }
}
