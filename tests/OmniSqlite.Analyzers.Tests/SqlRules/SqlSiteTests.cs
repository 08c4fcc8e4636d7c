using OmniSqlite.Analyzers.Tests.Infrastructure;
using Xunit;

namespace OmniSqlite.Analyzers.Tests.SqlRules;

/// <summary>Where SQL is found: every shape of SQL site the one SQL analyzer follows, with near misses.</summary>
public class SqlSiteTests
{
    // Until the runtime ships OmniSqlite.QueryAttribute the tests declare their own with the same metadata name.
    private const string QueryAttribute = """

        namespace OmniSqlite
        {
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class QueryAttribute : System.Attribute { public QueryAttribute(string sql) { } }
        }

        """;

    [Fact]
    public Task Query_attribute_sql_is_checked_by_the_index_and_name_rules() => SqlRuleVerifier.VerifyAsync("OSQL010", OSQL010Tests.Entities + QueryAttribute + """
        static class Queries
        {
            [Query("SELECT * FROM campaigns WHERE {|OSQL010:client_id|} = @clientId")]
            public static void ByClient(SqliteConnection connection, long clientId) { }

            [Query("SELECT * FROM contents WHERE campaign_id = @campaignId")]
            public static void ByCampaign(SqliteConnection connection, long campaignId) { }
        }
        """);

    [Fact]
    public Task Query_attribute_sql_with_a_misspelt_column_is_reported() => SqlRuleVerifier.VerifyAsync("OSQL013", OSQL010Tests.Entities + QueryAttribute + """
        static class Queries
        {
            [Query("SELECT * FROM campaigns WHERE {|OSQL013:clent_id|} = @clientId")]
            public static void ByClient(SqliteConnection connection, long clientId) { }
        }
        """);
}
