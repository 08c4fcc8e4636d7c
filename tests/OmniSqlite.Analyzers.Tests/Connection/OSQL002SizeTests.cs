using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Connection;

/// <summary>
/// Issue 20 item 1: an 11,000-piece constant concatenation took 11.4 s in UnsafePragmaAnalyzer (every operand re-folded
/// the text above it). Now only the top of a string expression is folded, once, iteratively.
/// </summary>
public class OSQL002SizeTests
{
    [Fact]
    public async Task Eleven_thousand_piece_constant_concatenation_is_read_once()
    {
        var pieces = string.Join(" + ", Enumerable.Range(0, 11_000).Select(i => "\"x" + i + " \""));
        var diagnostics = await AnalyzerRunner.RunAsync(new[] { new UnsafePragmaAnalyzer() }, """
            using Microsoft.Data.Sqlite;
            class Setup
            {
                void Run(SqliteConnection connection)
                {
                    using var command = new SqliteCommand("PRAGMA synchronous=OFF; " +
            """ + pieces + """
            , connection);
                }
            }
            """);
        Assert.Single(diagnostics, d => d.Id == "OSQL002");
    }

    [Fact]
    public async Task Constant_parts_of_a_non_constant_concatenation_are_still_read()
    {
        var diagnostics = await AnalyzerRunner.RunAsync(new[] { new UnsafePragmaAnalyzer() }, """
            using Microsoft.Data.Sqlite;
            class Setup
            {
                void Run(SqliteConnection connection, string more)
                {
                    using var command = new SqliteCommand("PRAGMA journal_mode=" + "OFF;" + more, connection);
                }
            }
            """);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "OSQL002");
        Assert.Contains("\"PRAGMA journal_mode=\" + \"OFF;\"", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }
}
