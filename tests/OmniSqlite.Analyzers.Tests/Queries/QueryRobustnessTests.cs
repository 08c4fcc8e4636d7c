using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

/// <summary>Half-typed [Query] code, as an IDE sees it keystroke by keystroke: no generator or analyzer exception.</summary>
public sealed class QueryRobustnessTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Microsoft.Data.Sqlite;
        using OmniSqlite;
        namespace Shop
        {
            [Table("campaigns")] public sealed class Campaign { [PrimaryKey] public long Id { get; set; } [Indexed] public long ClientId { get; set; } public string Title { get; set; } = ""; }
            public sealed record Row(long Id, string Title);
            public static partial class Q
            {
                [Query("SELECT c.id, c.title FROM campaigns c WHERE c.client_id = $clientId AND c.id IN $ids ORDER BY c.title")]
                public static partial List<Row> Rows(SqliteConnection connection, long clientId, long[] ids);

                [Query("UPDATE campaigns SET title = $title WHERE id = $id RETURNING *")]
                public static partial Campaign? Rename(SqliteConnection connection, long id, string title);
            }
            public sealed partial class CampaignRepository
            {
                [Query("SELECT count(*) FROM campaigns WHERE client_id = $clientId")] public partial long CountOf(long clientId);
            }
        }
        """;

    [Fact]
    public async Task Every_prefix_of_a_query_file_runs_the_generator_and_analyzers_without_exceptions()
    {
        foreach (var prefix in AnalyzerRunner.Truncations(Source, step: 23, maxCount: 30))
        {
            var result = GeneratorHarness.Run(prefix);
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785");
            await AnalyzerRunner.RunAsync(null, prefix);
        }
    }
}
