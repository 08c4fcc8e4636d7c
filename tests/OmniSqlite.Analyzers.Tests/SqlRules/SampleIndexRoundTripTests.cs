using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using OmniSqlite.Analyzers.Analyzers;
using OmniSqlite.Analyzers.Tests.Infrastructure;
using OmniSqlite.CodeFixes;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

/// <summary>
/// The "done when": in the sample, removing [Indexed] from a member a query filters on makes OSQL010 name that
/// column, and the code fix (applied in the entity's own file) restores it.
/// </summary>
public class SampleIndexRoundTripTests
{
    [Fact]
    public async Task Removing_Indexed_from_ClientId_reports_OSQL010_and_the_fix_restores_it()
    {
        var entities = File.ReadAllText(Path.Combine(AnalyzerRunner.RepositoryRoot(), "samples", "OmniSqlite.Sample", "Domain", "Entities.cs")).Replace("\r\n", "\n");
        const string indexed = "        [Indexed] public long ClientId { get; set; }";
        Assert.Contains(indexed, entities);
        var withoutIndex = entities.Replace(indexed, "        public long ClientId { get; set; }");
        // The sample's own query (Program.cs).
        Assert.Contains("SELECT * FROM campaigns WHERE client_id = $id", File.ReadAllText(Path.Combine(AnalyzerRunner.RepositoryRoot(), "samples", "OmniSqlite.Sample", "Program.cs")));
        const string queries = """
            using Microsoft.Data.Sqlite;

            static class Plans
            {
                public static void Show(SqliteConnection connection)
                {
                    using var plan = connection.CreateCommand();
                    plan.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = $id";
                }
            }
            """;
        var test = new CSharpCodeFixTest<SqlAnalyzer, AddIndexCodeFixProvider, DefaultVerifier> { ReferenceAssemblies = TestReferences.Empty };
        SqlRuleVerifier.DisableOtherRules(test.DisabledDiagnostics, "OSQL010");
        test.TestState.Sources.Add(("/0/Entities.cs", withoutIndex));
        test.TestState.Sources.Add(("/0/Plans.cs", queries));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.Sources.Add(("/0/Entities.cs", entities));
        test.FixedState.Sources.Add(("/0/Plans.cs", queries.Replace("{|OSQL010:client_id|}", "client_id")));
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        await test.RunAsync();
    }
}
