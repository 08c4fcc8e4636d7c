using Microsoft.CodeAnalysis;
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
    public async Task Static_queries_on_an_NpgsqlConnection_get_OSQL026_and_OSQL025_for_a_SqliteTransaction()
    {
        var diagnostics = await QueryRuleVerifier.DiagnosticsWithPostgreSqlAsync("""
            namespace Shop { public static partial class Pg {
                [Query("SELECT ifnull(title, '') FROM campaigns WHERE id = $id")] public static partial string? Title(Npgsql.NpgsqlConnection connection, long id);
                [Query("SELECT ifnull(title, '') FROM campaigns WHERE id = $id", PostgreSql = "SELECT coalesce(title, '') FROM campaigns WHERE id = @id")] public static partial string? Fine(Npgsql.NpgsqlConnection connection, long id);
                [Query("SELECT title FROM campaigns WHERE id = $id")] public static partial string? Mixed(Npgsql.NpgsqlConnection connection, SqliteTransaction? transaction, long id);
                [Query("SELECT title FROM campaigns WHERE id = $id")] public static partial string? Other(SqliteConnection connection, Npgsql.NpgsqlTransaction? transaction, long id);
                [Query("SELECT title FROM campaigns WHERE id = $idd")] public static partial string? Misspelt(Npgsql.NpgsqlConnection connection, long id);
            } }
            """);
        var found = diagnostics.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(x => x, StringComparer.Ordinal).ToList();
        Assert.Collection(found,
            d => Assert.StartsWith("OSQL021", d),
            d => Assert.StartsWith("OSQL022", d),
            d => Assert.Matches("^OSQL025 .*Mixed.*runs in an NpgsqlTransaction", d),
            d => Assert.Matches("^OSQL025 .*Other.*is an NpgsqlTransaction", d),
            d => Assert.Matches("^OSQL026 .*Title.*ifnull", d));
    }

    [Fact]
    public async Task A_static_query_on_an_NpgsqlConnection_without_the_OmniSqlite_PostgreSql_package_is_OSQL025()
    {
        var npgsqlOnly = TestReferences.All.Add(MetadataReference.CreateFromFile(typeof(Npgsql.NpgsqlConnection).Assembly.Location));
        var diagnostics = await QueryRuleVerifier.DiagnosticsWithPostgreSqlAsync("""
            namespace Shop { public static partial class Pg {
                [Query("SELECT title FROM campaigns WHERE id = $id")] public static partial string? Title(Npgsql.NpgsqlConnection connection, long id);
            } }
            """, npgsqlOnly);
        var d = Assert.Single(diagnostics);
        Assert.Equal("OSQL025", d.Id);
        Assert.Contains("<PackageReference Include=\"OmniSqlite.PostgreSql\" />", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

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
