using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OmniSqlite.Analyzers.Analysis;
using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Model;
using OmniSqlite.Analyzers.Parsing.Sql;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.Sql;

/// <summary>Thousands of random and mutated SQL strings through the parser, the analysis and every SQL rule: no exception, ever.</summary>
public class RobustnessTests
{
    private static readonly string[] Vocabulary =
    {
        "SELECT", "FROM", "WHERE", "JOIN", "LEFT", "ON", "USING", "AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "GLOB", "BETWEEN",
        "ORDER", "BY", "GROUP", "HAVING", "LIMIT", "OFFSET", "UNION", "ALL", "WITH", "AS", "CASE", "WHEN", "THEN", "ELSE", "END",
        "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE", "TABLE", "INDEX", "UNIQUE", "PRIMARY", "KEY", "INTEGER",
        "EXISTS", "CAST", "COLLATE", "NOCASE", "DESC", "ASC", "DISTINCT", "RETURNING", "ESCAPE", "WINDOW", "OVER", "FILTER",
        "campaigns", "contents", "audio_generations", "clients", "c", "t", "a", "id", "client_id", "campaign_id", "task_id",
        "status", "created_at", "lower", "count", "+", "-", "*", "/", "%", "||", "=", "==", "!=", "<>", "<", "<=", ">", ">=",
        "(", ")", ",", ";", ".", "?", "?1", "@p", ":p", "$p", "'x'", "'%x'", "1", "2.5", "x'AB'", "\"q\"", "[b]", "`c`",
        "--", "/*", "*/", "'", "\"", "[", "]", "`", "->", "->>", "~", "&", "|", "<<", ">>",
    };

    private static IEnumerable<string> Seeds()
    {
        foreach (var q in PlannerDifferentialTests.Corpus) yield return q;
        foreach (var row in SqlParserTests.Valid) yield return (string)row[0];
        yield return PlannerDifferentialTests.Schema;
    }

    public static List<string> Inputs(int count, int seed)
    {
        var random = new Random(seed);
        var seeds = Seeds().ToList();
        var inputs = new List<string>(count);
        while (inputs.Count < count)
        {
            var s = seeds[random.Next(seeds.Count)];
            switch (random.Next(7))
            {
                case 0: // random token soup
                    {
                        var sb = new StringBuilder();
                        int n = random.Next(1, 40);
                        for (int i = 0; i < n; i++) sb.Append(Vocabulary[random.Next(Vocabulary.Length)]).Append(random.Next(4) == 0 ? "" : " ");
                        inputs.Add(sb.ToString());
                        break;
                    }
                case 1: // truncate
                    inputs.Add(s.Substring(0, random.Next(s.Length + 1)));
                    break;
                case 2: // delete a span
                    {
                        int start = random.Next(s.Length), len = random.Next(1, Math.Min(12, s.Length - start) + 1);
                        inputs.Add(s.Remove(start, Math.Min(len, s.Length - start)));
                        break;
                    }
                case 3: // insert a token
                    inputs.Add(s.Insert(random.Next(s.Length + 1), " " + Vocabulary[random.Next(Vocabulary.Length)] + " "));
                    break;
                case 4: // random characters
                    {
                        var chars = s.ToCharArray();
                        for (int i = 0; i < 1 + random.Next(5); i++) chars[random.Next(chars.Length)] = (char)random.Next(0, 0x3000);
                        inputs.Add(new string(chars));
                        break;
                    }
                case 5: // splice two statements
                    {
                        var other = seeds[random.Next(seeds.Count)];
                        inputs.Add(s.Substring(0, random.Next(s.Length + 1)) + other.Substring(random.Next(other.Length + 1)));
                        break;
                    }
                default: // swap two tokens
                    {
                        var tokens = SqlTokenizer.Tokenize(s).Where(t => t.Kind != SqlTokenKind.End).Select(t => t.Text).ToList();
                        if (tokens.Count > 1)
                        {
                            int i = random.Next(tokens.Count), j = random.Next(tokens.Count);
                            (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                        }
                        inputs.Add(string.Join(" ", tokens));
                        break;
                    }
            }
        }
        return inputs;
    }

    [Fact]
    public void Parser_and_analysis_survive_5000_random_and_mutated_statements()
    {
        var schema = SchemaModel.FromSql(PlannerDifferentialTests.Schema);
        var options = new SqlAnalysisOptions(ReportUnknownTables: true);
        int parsed = 0, findings = 0;
        foreach (var sql in Inputs(5000, seed: 20261123))
        {
            var script = SqlParser.Parse(sql);
            foreach (var statement in script.Statements)
            {
                Assert.InRange(statement.Start, 0, sql.Length);
                Assert.InRange(statement.End, statement.Start, sql.Length);
                if (statement is SqlUnknownStatement unknown)
                    Assert.False(unknown.Error?.StartsWith("internal", StringComparison.Ordinal) ?? false, unknown.Error + " for: " + sql);
                else parsed++;
            }
            var result = SqlQueryAnalysis.Analyze(script, schema, options, rethrow: true);
            foreach (var f in result)
            {
                Assert.InRange(f.Start, 0, sql.Length);
                Assert.InRange(f.Start + f.Length, f.Start, sql.Length);
            }
            findings += result.Count;
            SchemaModel.FromSql(sql); // the schema reader sees the same text
        }
        Assert.True(parsed > 500, "only " + parsed + " statements parsed: the mutations are too destructive to test much");
        Assert.True(findings > 100, "only " + findings + " findings");
    }

    [Fact]
    public async Task Every_sql_rule_survives_mutated_statements_in_a_compilation()
    {
        var source = new StringBuilder("using Microsoft.Data.Sqlite;\nclass Queries\n{\n    void Run(SqliteConnection c)\n    {\n");
        source.Append("        const string Ddl = @\"").Append(PlannerDifferentialTests.Schema.Replace("\"", "\"\"")).Append("\";\n");
        int i = 0;
        foreach (var sql in Inputs(600, seed: 7))
        {
            var literal = SymbolDisplay.FormatLiteral(sql, quote: true);
            source.Append("        using var c").Append(i).Append(" = new SqliteCommand(").Append(literal).Append(", c);\n");
            source.Append("        c").Append(i).Append(".CommandText = ").Append(literal).Append(" + c.DataSource;\n");
            i++;
        }
        source.Append("    }\n}\n");
        var compilation = CSharpCompilation.Create("Robustness", new[] { CSharpSyntaxTree.ParseText(source.ToString()) }, TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var exceptions = new List<string>();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SqlAnalyzer());
        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), (e, a, d) => { lock (exceptions) exceptions.Add(a.GetType().Name + ": " + e); },
            concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        // An internal failure of the parser or the analysis is reported as OSQL009 instead of passing in silence.
        Assert.DoesNotContain(diagnostics, d => d.Id == "OSQL009");
        Assert.Contains(diagnostics, d => d.Id == "OSQL010");
        Assert.Contains(diagnostics, d => d.Id == "OSQL014");
    }
}
