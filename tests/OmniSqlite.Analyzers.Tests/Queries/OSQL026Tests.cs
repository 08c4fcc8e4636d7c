using OmniSqlite.Analyzers.Tests.Infrastructure;

namespace OmniSqlite.Analyzers.Tests.Queries;

/// <summary>OSQL026: with the PostgreSQL dialect on, a repository [Query] whose SQL is SQLite-only and has no PostgreSql form.</summary>
public sealed class OSQL026Tests
{
    [Fact]
    public Task SQLite_only_functions_clauses_and_words_are_flagged_where_they_are()
        => QueryRuleVerifier.VerifyWithPostgreSqlAsync("""
            namespace Shop { public sealed partial class CampaignRepository {
                [Query("SELECT {|OSQL026:ifnull|}(title, '') FROM campaigns WHERE id = $id")] public partial string? Title(long id);
                [Query("{|OSQL026:INSERT OR REPLACE|} INTO clients (id, name) VALUES ($id, $name)")] public partial int Put(long id, string name);
                [Query("SELECT id FROM campaigns ORDER BY id {|OSQL026:LIMIT $skip,|} $take")] public partial List<long> Page(long skip, long take);
                [Query("SELECT id FROM campaigns WHERE title {|OSQL026:GLOB|} $pattern")] public partial List<long> Matching(string pattern);
                [Query("SELECT {|OSQL026:strftime|}('%Y', created_at) FROM campaigns WHERE id = $id")] public partial string? Year(long id);
            } }
            """, "OSQL026");

    [Fact]
    public Task Near_miss_portable_sql_an_override_strings_and_the_dialect_off()
        => QueryRuleVerifier.VerifyWithPostgreSqlAsync("""
            namespace Shop { public sealed partial class CampaignRepository {
                [Query("SELECT coalesce(title, 'ifnull(') FROM campaigns WHERE id = $id ORDER BY id LIMIT 10 OFFSET 5")] public partial string? Title(long id);
                [Query("SELECT ifnull(title, '') FROM campaigns WHERE id = $id", PostgreSql = "SELECT coalesce(title, '') FROM campaigns WHERE id = @id")] public partial string? Title2(long id);
                [Query("SELECT \"glob\" FROM campaigns WHERE id = $id")] public partial string? Quoted(long id);
            }
            public static partial class Q {
                [Query("SELECT ifnull(title, '') FROM campaigns WHERE id = $id")] public static partial string? SqliteOnly(SqliteConnection connection, long id);
            } }
            """, "OSQL026", "OSQL013");

    [Fact]
    public Task Near_miss_without_the_dialect_nothing_is_reported()
        => QueryRuleVerifier.VerifyAsync("""
            namespace Shop { public sealed partial class CampaignRepository {
                [Query("SELECT ifnull(title, '') FROM campaigns WHERE id = $id")] public partial string? Title(long id);
            } }
            """, "OSQL026");

    [Fact]
    public async Task An_override_parameter_without_a_method_parameter_is_OSQL021()
    {
        var diagnostics = await QueryRuleVerifier.DiagnosticsWithPostgreSqlAsync("""
            namespace Shop { public sealed partial class CampaignRepository {
                [Query("SELECT title FROM campaigns WHERE id = $id", PostgreSql = "SELECT title FROM campaigns WHERE id = @key")] public partial string? Title(long id);
            } }
            """);
        var d = Assert.Single(diagnostics);
        Assert.Equal("OSQL021", d.Id);
        Assert.Contains("@key", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
